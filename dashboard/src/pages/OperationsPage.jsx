// Recent operations: what the control plane did, or is doing, to the CVMs (create, power on/off, restart,
// update, delete), newest first, with attempts and outcome. Members read their workspace's
// (GET /api/v1/workspace/operations); an operator may read every workspace's (GET /admin/operations).
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { when } from '../format.js';
import { markOnce } from '../marks.js';
import { usePoll } from '../poll.js';
import { routes } from '../router.js';
import { Loadable } from '../components/Loadable.jsx';
import { StatusBadge } from '../components/StatusBadge.jsx';

const PAGE_SIZE = 50;

function duration(ms) {
  if (ms == null) {
    return null;
  }
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function outcome(op) {
  if (op.error_message) {
    return op.error_message;
  }
  if (op.status === 'completed') {
    return `${op.target_state ?? 'done'}${op.duration_ms != null ? ` after ${duration(op.duration_ms)}` : ''}`;
  }
  if (op.status === 'in_progress') {
    return op.next_attempt_at ? `next attempt ${when(op.next_attempt_at)}` : `towards ${op.target_state ?? '…'}`;
  }
  return '–';
}

export function OperationsPage({ session }) {
  const [everyWorkspace, setEveryWorkspace] = useState(Boolean(session.operator));
  const [cursors, setCursors] = useState([]);
  const cursor = cursors.at(-1) ?? null;
  const base = everyWorkspace ? '/admin/operations' : '/api/v1/workspace/operations';
  const state = usePoll(() => get(`${base}?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    [base, cursor], 3000);
  useEffect(() => {
    if (state.data) {
      markOnce('opencvm:operations-shown');
    }
  }, [state.data]);
  const changeScope = (all) => {
    setCursors([]);
    setEveryWorkspace(all);
  };
  return (
    <>
      <h1>Operations</h1>
      <p class="lede">What the control plane did to {everyWorkspace ? 'every workspace’s' : 'your workspace’s'} CVMs,
        newest first; this page refreshes itself.</p>
      {session.operator && (
        <fieldset class="scope">
          <legend>Show</legend>
          <label class="choice">
            <input type="radio" name="ops-scope" checked={everyWorkspace} onChange={() => changeScope(true)} />
            Every workspace (operator)
          </label>
          <label class="choice">
            <input type="radio" name="ops-scope" checked={!everyWorkspace} onChange={() => changeScope(false)} />
            Your workspace only
          </label>
        </fieldset>
      )}
      <Loadable state={state} what="operations">
        {(page) => (
          <>
            {page.items.length === 0 && (
              <p data-testid="no-operations">{cursor ? 'No older operations on this page.' : 'No operations yet.'}</p>
            )}
            {page.items.length > 0 && <OperationsTable items={page.items} showWorkspace={everyWorkspace} />}
            {(cursors.length > 0 || page.next_cursor) && (
              <nav class="pager" aria-label="Pages of operations">
                <button type="button" class="secondary" disabled={cursors.length === 0}
                        onClick={() => setCursors(cursors.slice(0, -1))}>Newer</button>
                <button type="button" class="secondary" disabled={!page.next_cursor}
                        onClick={() => setCursors([...cursors, page.next_cursor])}>Older</button>
              </nav>
            )}
          </>
        )}
      </Loadable>
    </>
  );
}

function OperationsTable({ items, showWorkspace }) {
  return (
    <div class="table-wrap">
      <table data-testid="operations">
        <caption class="visually-hidden">Recent operations, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Started</th><th scope="col">CVM</th>
            {showWorkspace && <th scope="col">Workspace</th>}
            <th scope="col">Operation</th><th scope="col">State</th><th scope="col">Attempts</th>
            <th scope="col">Outcome</th><th scope="col">Finished</th>
          </tr>
        </thead>
        <tbody>
          {items.map((op) => (
            <tr key={op.correlation_id} data-operation={op.correlation_id} data-cvm={op.instance_name}
                data-type={op.operation_type} data-status={op.status}>
              <td>{when(op.started_at)}</td>
              <th scope="row">
                {op.cvm_status === 'deleted'
                  ? <span>{op.instance_name} <span class="muted">(deleted)</span></span>
                  : <a href={routes.cvm(op.vm_uuid)}>{op.instance_name}</a>}
              </th>
              {showWorkspace && <td>{op.workspace}</td>}
              <td>{op.operation_type.replaceAll('_', ' ')}<span class="muted"> · by {op.triggered_by_username}</span></td>
              <td><StatusBadge status={op.status} /></td>
              <td>{op.attempts}</td>
              <td class={op.error_message ? 'error wrap' : 'wrap'}>{outcome(op)}</td>
              <td>{when(op.completed_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Webhooks: the workspace's endpoints and their recent deliveries (status, attempts, the last error), from
// the webhook routes the SDK uses (/api/v1/workspace/webhooks, its /stats and /deliveries). Those routes are
// for the workspace's owners and admins; anyone else is told so and shown nothing.
import { useEffect } from 'preact/hooks';
import { get } from '../api.js';
import { when } from '../format.js';
import { markOnce } from '../marks.js';
import { usePoll } from '../poll.js';
import { Loadable } from '../components/Loadable.jsx';
import { StatusBadge } from '../components/StatusBadge.jsx';

const DELIVERIES = 20;
const base = (id) => `/api/v1/workspace/webhooks/${encodeURIComponent(id)}`;

export function WebhooksPage() {
  const state = usePoll(() => get('/api/v1/workspace/webhooks'), [], 5000);
  useEffect(() => {
    if (state.data || state.error) {
      markOnce('opencvm:webhooks-shown');
    }
  }, [state.data, state.error]);
  if (state.data === undefined && state.error?.status === 403) {
    return (
      <>
        <h1>Webhooks</h1>
        <p class="notice" data-testid="webhooks-refused">Only the owners and admins of your workspace see its webhooks.</p>
      </>
    );
  }
  return (
    <>
      <h1>Webhooks</h1>
      <p class="lede">Where your workspace’s CVM events are sent, and how the newest deliveries went; this page
        refreshes itself. Manage endpoints with the SDK or <code>phala api</code> (see docs/webhooks.md).</p>
      <Loadable state={state} what="webhooks">
        {(hooks) => (hooks.length === 0
          ? <p data-testid="no-webhooks">No webhooks yet.</p>
          : hooks.map((hook) => <WebhookCard key={hook.id} hook={hook} />))}
      </Loadable>
    </>
  );
}

function WebhookCard({ hook }) {
  const stats = usePoll(() => get(`${base(hook.id)}/stats`), [hook.id], 5000);
  const deliveries = usePoll(() => get(`${base(hook.id)}/deliveries?limit=${DELIVERIES}`), [hook.id], 3000);
  const headingId = `webhook-${hook.id}`;
  const s = stats.data;
  return (
    <section class="card" aria-labelledby={headingId} data-webhook={hook.id}>
      <header class="card-head">
        <h2 id={headingId}>{hook.name || hook.url}</h2>
        <StatusBadge status={hook.enabled ? 'enabled' : 'disabled'} />
      </header>
      <dl class="facts wide">
        <dt>URL</dt><dd><code>{hook.url}</code></dd>
        <dt>Events</dt><dd>{hook.events.join(', ')}</dd>
        <dt>Deliveries</dt>
        <dd data-testid="webhook-stats">
          {s ? `${s.total} in all: ${s.success_count} delivered, ${s.failed_count} failed`
            + `${s.total > 0 ? `, average ${s.avg_duration_ms} ms` : ''}` : '…'}
        </dd>
        <dt>Last delivery</dt><dd>{when(s?.last_delivery_at)}</dd>
      </dl>
      <h3>Recent deliveries</h3>
      <Loadable state={deliveries} what="deliveries">
        {(rows) => (rows.length === 0 ? <p class="muted">No deliveries yet.</p> : (
          <div class="table-wrap">
            <table data-testid="deliveries">
              <caption class="visually-hidden">Recent deliveries to {hook.name || hook.url}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th>
                  <th scope="col">Answer</th><th scope="col">Last error</th><th scope="col">Created</th>
                  <th scope="col">Delivered</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.snowflake_id} data-event={d.event_id} data-event-type={d.event_type} data-status={d.status}>
                    <th scope="row">{d.event_type}<span class="muted"> · <code>{d.event_id}</code></span></th>
                    <td><StatusBadge status={d.status} /></td>
                    <td>{d.attempts}</td>
                    <td>{d.response_status > 0 ? `HTTP ${d.response_status} in ${d.duration_ms} ms` : 'none'}</td>
                    <td class={d.error_message ? 'error wrap' : 'wrap'}>{d.error_message ?? '–'}</td>
                    <td>{when(d.created_at)}</td>
                    <td>{when(d.delivered_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </Loadable>
    </section>
  );
}

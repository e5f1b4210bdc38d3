// Apps and CVMs: every app of the workspace with its instances (the original and its replicas), their
// status, node and revision (GET /api/v1/apps, which lists each app's live CVMs oldest first).
import { useState } from 'preact/hooks';
import { get } from '../api.js';
import { cvmMemoryMb, cvmRef, memory, short } from '../format.js';
import { usePoll } from '../poll.js';
import { routes } from '../router.js';
import { Loadable } from '../components/Loadable.jsx';
import { StatusBadge } from '../components/StatusBadge.jsx';

const PAGE_SIZE = 50;

export function AppsPage({ onScale }) {
  const [page, setPage] = useState(1);
  const state = usePoll(() => get(`/api/v1/apps?page=${page}&page_size=${PAGE_SIZE}`), [page]);
  return (
    <>
      <div class="page-head">
        <h1>Apps and CVMs</h1>
        <button type="button" onClick={(e) => onScale(null, e.currentTarget)}>Scale a CVM…</button>
      </div>
      <Loadable state={state} what="apps">
        {(result) => (
          <>
            {result.dstack_apps.length === 0 && (
              <p>No apps yet. Deploy one with <code>phala deploy</code> or the SDK, then come back to scale it.</p>
            )}
            {result.dstack_apps.map((app) => <AppSection key={app.app_id} app={app} onScale={onScale} />)}
            {result.total_pages > 1 && (
              <nav class="pager" aria-label="Pages of apps">
                <button type="button" class="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</button>
                <span>Page {result.page} of {result.total_pages} ({result.total} apps)</span>
                <button type="button" class="secondary" disabled={page >= result.total_pages}
                        onClick={() => setPage(page + 1)}>Next</button>
              </nav>
            )}
          </>
        )}
      </Loadable>
    </>
  );
}

function AppSection({ app, onScale }) {
  const cvms = app.cvms ?? [];
  const original = app.current_cvm?.vm_uuid;
  const headingId = `app-${app.app_id}`;
  return (
    <section class="card app" aria-labelledby={headingId} data-app={app.app_id}>
      <header class="card-head">
        <h2 id={headingId}>{app.name ?? app.app_id}</h2>
        <span class="muted">app <code>{short(app.app_id)}</code> · KMS {app.kms_type ?? '–'} · {cvms.length} instance{cvms.length === 1 ? '' : 's'}</span>
      </header>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Instances of {app.name ?? app.app_id}</caption>
          <thead>
            <tr>
              <th scope="col">CVM</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Node</th>
              <th scope="col">Revision</th><th scope="col">Size</th><th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {cvms.map((cvm) => (
              <tr key={cvm.vm_uuid ?? cvm.id} data-cvm={cvm.name}>
                <th scope="row"><a href={routes.cvm(cvmRef(cvm))}>{cvm.name}</a></th>
                <td>{cvm.vm_uuid === original ? 'original' : 'replica'}</td>
                <td><StatusBadge status={cvm.status} detail={cvm.in_progress ? cvm.progress?.target && `to ${cvm.progress.target}` : null} /></td>
                <td>{cvm.node_info?.name ?? '–'}</td>
                <td><code title={cvm.compose_hash ?? ''}>{short(cvm.compose_hash)}</code></td>
                <td>{cvm.resource?.vcpu ?? '–'} vCPU · {memory(cvmMemoryMb(cvm))}</td>
                <td>
                  <button type="button" class="secondary" aria-label={`Scale ${cvm.name}`}
                          onClick={(e) => onScale(cvm, e.currentTarget)}>Scale…</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// One CVM: what the API says about it (GET /api/v1/cvms/{id}), live, and what runs inside it.
import { get } from '../api.js';
import { cvmMemoryMb, memory, short, when } from '../format.js';
import { usePoll } from '../poll.js';
import { routes } from '../router.js';
import { StatusBadge } from '../components/StatusBadge.jsx';
import { Containers, Stats, Attestation } from './Observations.jsx';
import { Logs } from './LiveLogs.jsx';

export function CvmPage({ id, onScale }) {
  const state = usePoll(() => get(`/api/v1/cvms/${encodeURIComponent(id)}`), [id], 2000);
  const cvm = state.data;
  if (cvm === undefined) {
    return (
      <>
        <h1>CVM {id}</h1>
        {state.error
          ? <p class="error" role="alert">{state.error.status === 404 || state.error.status === 403
            ? 'There is no such CVM in your workspace.' : `Could not load the CVM: ${state.error.message}`}</p>
          : <p class="muted" role="status">Loading the CVM…</p>}
        <p><a href={routes.apps()}>Back to apps and CVMs</a></p>
      </>
    );
  }
  const ref = cvm.vm_uuid ?? cvm.id;
  return (
    <>
      <div class="page-head">
        <h1>{cvm.name}</h1>
        <StatusBadge status={cvm.status} detail={cvm.in_progress && cvm.progress?.target ? `to ${cvm.progress.target}` : null} />
        <button type="button" onClick={(e) => onScale(cvm, e.currentTarget)}>Scale…</button>
      </div>
      {state.error && <p class="error" role="alert">Refreshing failed: {state.error.message}</p>}
      <section class="card" aria-labelledby="cvm-details">
        <h2 id="cvm-details">Details</h2>
        <dl class="facts wide">
          <dt>Status</dt><dd data-testid="cvm-status">{cvm.status}</dd>
          <dt>VM uuid</dt><dd><code>{cvm.vm_uuid ?? '–'}</code></dd>
          <dt>App id</dt><dd><code>{cvm.app_id ?? '–'}</code></dd>
          <dt>Instance id</dt><dd><code>{cvm.instance_id ?? '–'}</code></dd>
          <dt>Node</dt><dd>{cvm.node_info ? `${cvm.node_info.name} (id ${cvm.node_info.id})` : '–'}</dd>
          <dt>Image</dt><dd>{cvm.os?.name ?? '–'}{cvm.os?.version ? ` ${cvm.os.version}` : ''}</dd>
          <dt>Size</dt><dd>{cvm.resource?.instance_type ?? '–'}: {cvm.resource?.vcpu ?? '–'} vCPU, {memory(cvmMemoryMb(cvm))}, {cvm.resource?.disk_in_gb ?? '–'} GB disk</dd>
          <dt>Revision</dt><dd><code title={cvm.compose_hash ?? ''}>{short(cvm.compose_hash)}</code></dd>
          <dt>KMS</dt><dd>{cvm.kms_type ?? '–'}{cvm.kms_info?.chain_id ? ` (chain ${cvm.kms_info.chain_id})` : ''}</dd>
          <dt>Created</dt><dd>{when(cvm.created_at)}</dd>
          <dt>Updated</dt><dd>{when(cvm.updated_at)}</dd>
        </dl>
      </section>
      <div class="observations">
        <Containers cvmRef={ref} />
        <Stats cvmRef={ref} />
        <Logs cvmRef={ref} />
        <Attestation cvmRef={ref} />
      </div>
      <section class="card" aria-labelledby="cvm-compose">
        <h2 id="cvm-compose">Compose file</h2>
        <pre class="code" tabindex="0" aria-labelledby="cvm-compose">{cvm.compose_file?.docker_compose_file ?? '–'}</pre>
      </section>
    </>
  );
}

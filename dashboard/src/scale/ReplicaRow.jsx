// One requested replica: its request, then its boot followed live, or the 465 plan, or the refusal.
import { routes } from '../router.js';
import { StatusBadge } from '../components/StatusBadge.jsx';
import { PreparedPlan } from './PreparedPlan.jsx';

export function ReplicaRow({ replica, nodes, onRetry, onCommit, onOpen }) {
  const label = `Replica ${replica.index}`;
  if (replica.phase === 'waiting' || replica.phase === 'requesting') {
    return <li data-phase={replica.phase}>{label}: {replica.phase === 'waiting' ? 'waiting' : 'requesting…'}</li>;
  }
  if (replica.phase === 'failed') {
    return (
      <li data-phase="failed">
        {label}: <span class="error">refused: {replica.error}</span>
        {replica.retryable && <button type="button" class="secondary" onClick={onRetry}>Retry with the same key</button>}
      </li>
    );
  }
  if (replica.phase === 'prepared') {
    const node = nodes.find((n) => n.teepod_id === replica.prepared.node_id);
    return (
      <li data-phase="prepared">
        {label}
        {replica.error && <p class="error" role="alert">Commit refused: {replica.error}</p>}
        <PreparedPlan replica={replica} nodeName={node?.name} sourceRef={replica.source} onCommit={onCommit} />
      </li>
    );
  }
  const vm = replica.vm;
  const status = replica.live?.status ?? vm.status;
  const progress = replica.live?.boot_progress;
  return (
    <li data-phase="created" data-replica={vm.name} data-status={status}>
      {label}: <strong>{vm.name}</strong> on {vm.placement?.node_name ?? vm.teepod?.name ?? '–'}{' '}
      <StatusBadge status={status} detail={status !== 'running' && progress ? progress : null} />{' '}
      {replica.live?.boot_error && <span class="error">{replica.live.boot_error}</span>}
      <a href={routes.cvm(vm.vm_uuid)} onClick={onOpen}>Open {vm.name}</a>
    </li>
  );
}

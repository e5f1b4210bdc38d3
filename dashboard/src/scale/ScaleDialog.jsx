// The Scale dialog: pick a CVM, a node or Auto (with a preview of where placement puts each replica) and
// a count; replicas are requested one after another, each with its own Idempotency-Key, and followed
// live until they run. A 465 shows the plan, the commit token and what the owner must approve on chain.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { get } from '../api.js';
import { cvmMemoryMb, cvmRef, memory } from '../format.js';
import { previewPlacement } from '../placement.js';
import { ReplicaRow } from './ReplicaRow.jsx';
import { batchStatus, commitReplica, newReplica, requestReplica, settled } from './replicas.js';

const MAX_COUNT = 10;

export function ScaleDialog({ initialCvm, onClose }) {
  const dialog = useRef(null);
  const [cvms, setCvms] = useState(initialCvm ? [initialCvm] : []);
  const [nodes, setNodes] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [sourceRef, setSourceRef] = useState(initialCvm ? cvmRef(initialCvm) : '');
  const [target, setTarget] = useState('auto');
  const [count, setCount] = useState(1);
  const [prepareOnly, setPrepareOnly] = useState(false);
  const [replicas, setReplicas] = useState([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    d.showModal();
    return () => d.open && d.close();
  }, []);

  const loadNodes = () => get('/api/v1/teepods/available').then((a) => setNodes(a.nodes));
  useEffect(() => {
    Promise.all([get('/api/v1/cvms/paginated?page=1&page_size=100'), loadNodes()]).then(([page]) => {
      setCvms(page.items);
      setSourceRef((ref) => ref || (page.items[0] ? cvmRef(page.items[0]) : ''));
    }, setLoadError);
  }, []);

  const source = cvms.find((c) => cvmRef(c) === sourceRef) ?? null;
  const nodeId = target === 'auto' ? null : Number(target);
  const preview = useMemo(() => (source && nodes ? previewPlacement(nodes, {
    nodeId: source.node_info?.id, image: source.os?.name, vcpu: source.resource?.vcpu ?? 0, memoryMb: cvmMemoryMb(source) ?? 0,
  }, nodeId, count) : []), [source, nodes, nodeId, count]);

  const update = (index, next) => setReplicas((all) => all.map((r) => (r.index === index ? { ...r, ...next } : r)));
  const params = { sourceRef, nodeId, prepareOnly };

  const start = async (event) => {
    event.preventDefault();
    setBusy(true);
    const batch = Array.from({ length: count }, (_, i) => newReplica(replicas.length + i + 1));
    setReplicas((all) => [...all, ...batch.map((r) => ({ ...r, source: sourceRef }))]);
    for (const replica of batch) {
      update(replica.index, { phase: 'requesting' });
      update(replica.index, await requestReplica(replica, params));
    }
    setBusy(false);
    loadNodes().catch(() => {});
  };

  const retry = async (replica) => {
    update(replica.index, { phase: 'requesting', error: null });
    update(replica.index, await requestReplica(replica, { ...params, sourceRef: replica.source }));
  };
  const commit = async (replica, transactionHash) => {
    update(replica.index, await commitReplica(replica, { sourceRef: replica.source, transactionHash }));
  };

  useLiveStatus(replicas, update);

  return (
    <dialog ref={dialog} class="scale" aria-labelledby="scale-title" aria-describedby="scale-help" onClose={onClose}>
      <div class="dialog-head">
        <h2 id="scale-title">Scale a CVM</h2>
        <button type="button" class="secondary" aria-label="Close the Scale dialog" onClick={onClose}>×</button>
      </div>
      <p id="scale-help" class="muted">
        Each replica is a new instance of the app with the same code and identity (<code>POST /cvms/{'{id}'}/replicas</code>).
      </p>
      {loadError && <p class="error" role="alert">Could not load CVMs and nodes: {loadError.message}</p>}
      <form onSubmit={start}>
        <label for="scale-source">CVM to replicate</label>
        <select id="scale-source" value={sourceRef} autofocus onChange={(e) => setSourceRef(e.currentTarget.value)}>
          {cvms.length === 0 && <option value="">No CVMs</option>}
          {cvms.map((c) => (
            <option key={cvmRef(c)} value={cvmRef(c)}>{c.name} ({c.status}, on {c.node_info?.name ?? '–'})</option>
          ))}
        </select>
        <fieldset>
          <legend>Where</legend>
          <label class="choice">
            <input type="radio" name="scale-target" value="auto" checked={target === 'auto'} onChange={() => setTarget('auto')} />
            Auto: let placement choose
          </label>
          {(nodes ?? []).map((n) => (
            <label class="choice" key={n.teepod_id}>
              <input type="radio" name="scale-target" value={String(n.teepod_id)} checked={target === String(n.teepod_id)}
                     onChange={() => setTarget(String(n.teepod_id))} />
              {n.name}: {n.remaining_vcpu} vCPU, {memory(n.remaining_memory)}, {n.remaining_cvm_slots} slots free
            </label>
          ))}
        </fieldset>
        <label for="scale-count">How many</label>
        <input id="scale-count" type="number" min="1" max={MAX_COUNT} value={count} required
               onInput={(e) => setCount(Math.min(MAX_COUNT, Math.max(1, Number(e.currentTarget.value) || 1)))} />
        <label class="choice">
          <input type="checkbox" checked={prepareOnly} onChange={(e) => setPrepareOnly(e.currentTarget.checked)} />
          Prepare only: plan and get commit tokens, create nothing yet (X-Prepare-Only)
        </label>
        <h3 id="scale-preview-title">Where they would go</h3>
        <ol class="preview" aria-labelledby="scale-preview-title" data-testid="placement-preview">
          {preview.map((d, i) => (
            <li key={i}>{d.node ? <><strong>{d.node.name}</strong>: {d.reason}</> : <span class="error">refused: {d.refusal}</span>}</li>
          ))}
        </ol>
        <div class="actions">
          <button type="submit" disabled={busy || !source}>
            {prepareOnly ? 'Prepare' : 'Create'} {count} replica{count === 1 ? '' : 's'}
          </button>
          <button type="button" class="secondary" onClick={onClose}>Close</button>
        </div>
      </form>
      {replicas.length > 0 && (
        <section aria-labelledby="scale-progress-title">
          <h3 id="scale-progress-title">Replicas</h3>
          <ol class="replicas" aria-live="polite" data-testid="replica-progress">
            {replicas.map((r) => (
              <ReplicaRow key={r.index} replica={r} nodes={nodes ?? []} onRetry={() => retry(r)}
                          onCommit={(tx) => commit(r, tx)} onOpen={onClose} />
            ))}
          </ol>
        </section>
      )}
    </dialog>
  );
}

/** Follows the created replicas (POST /status/batch every second) until each runs or fails. */
function useLiveStatus(replicas, update) {
  const watched = replicas.filter((r) => r.phase === 'created' && r.vm?.vm_uuid && !settled(r));
  const uuids = watched.map((r) => r.vm.vm_uuid).join(',');
  const latest = useRef(replicas);
  latest.current = replicas;
  useEffect(() => {
    if (!uuids) {
      return undefined;
    }
    const timer = setInterval(async () => {
      try {
        const statuses = await batchStatus(uuids.split(','));
        for (const r of latest.current) {
          const live = r.vm?.vm_uuid && statuses[r.vm.vm_uuid];
          if (live) {
            update(r.index, { live });
          }
        }
      } catch {
        // The next tick tries again; the rows keep their last known status.
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [uuids]);
}

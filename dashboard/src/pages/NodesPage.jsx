// Nodes: operators see every node with reserved vs capacity (GET /admin/nodes); members see the nodes
// their workspace may use with their free room (GET /teepods/available and /workspaces/{slug}/nodes).
import { useEffect } from 'preact/hooks';
import { get } from '../api.js';
import { markOnce } from '../marks.js';
import { memory, short, when } from '../format.js';
import { usePoll } from '../poll.js';
import { CapacityBar } from '../components/CapacityBar.jsx';
import { Loadable } from '../components/Loadable.jsx';
import { StatusBadge } from '../components/StatusBadge.jsx';

export function NodesPage({ session }) {
  const state = usePoll(() => (session.operator ? operatorNodes() : memberNodes(session.workspace)),
    [session.operator, session.workspace]);
  useEffect(() => {
    if (state.data) {
      markOnce('opencvm:nodes-shown');
    }
  }, [state.data]);
  return (
    <>
      <h1>Nodes</h1>
      <p class="lede">
        {session.operator
          ? 'Every registered dstack node: what is reserved of its capacity, its images, and who may use it.'
          : 'The nodes your workspace may deploy to, with the room they have left.'}
      </p>
      <Loadable state={state} what="nodes">
        {(nodes) => (nodes.length === 0
          ? <p>No nodes yet.</p>
          : <div class="cards">{nodes.map((n) => <NodeCard key={n.id} node={n} />)}</div>)}
      </Loadable>
    </>
  );
}

async function operatorNodes() {
  const { items } = await get('/admin/nodes');
  return items.map((n) => ({
    id: n.id, name: n.name, status: n.status, lastError: n.last_error, probeFailures: n.probe_failures,
    deviceId: n.device_id, version: n.version, region: n.region, kms: n.kms_id, lastSeen: n.last_seen_at,
    workspaces: n.open_to_all ? 'All workspaces' : (n.workspaces.length ? n.workspaces.join(', ') : 'No workspace'),
    listed: n.listed,
    capacity: n.capacity, reserved: n.reserved,
    images: n.images.map((i) => ({ name: i.name, version: i.version, dev: i.is_dev })),
  }));
}

async function memberNodes(slug) {
  const [available, listed] = await Promise.all([
    get('/api/v1/teepods/available'),
    get(`/api/v1/workspaces/${encodeURIComponent(slug)}/nodes?page=1&page_size=100`),
  ]);
  const refs = new Map(listed.items.map((r) => [r.id, r]));
  return available.nodes.map((n) => {
    const ref = refs.get(n.teepod_id) ?? {};
    return {
      id: n.teepod_id, name: n.name, status: ref.status ?? 'online', deviceId: n.device_id ?? ref.device_id,
      version: ref.version, region: n.region_identifier ?? ref.region, kms: n.default_kms,
      workspaces: 'Your workspace', listed: n.listed,
      free: { vcpu: n.remaining_vcpu, memory_mb: n.remaining_memory, slots: n.remaining_cvm_slots },
      images: n.images.map((i) => ({ name: i.name, version: i.version.join('.'), dev: i.is_dev })),
    };
  });
}

function NodeCard({ node }) {
  const headingId = `node-${node.id}-name`;
  return (
    <article class="card node" aria-labelledby={headingId} data-node={node.name}>
      <header class="card-head">
        <h2 id={headingId}>{node.name}</h2>
        <StatusBadge status={node.status} />
      </header>
      {node.lastError && (
        <p class="error">Last error{node.probeFailures ? ` (${node.probeFailures} failed probes)` : ''}: {node.lastError}</p>
      )}
      <div class="capacities">
        <CapacityBar label="vCPU" reserved={node.reserved?.vcpu} capacity={node.capacity?.vcpu} free={node.free?.vcpu} />
        <CapacityBar label="Memory" reserved={node.reserved?.memory_mb} capacity={node.capacity?.memory_mb}
                     free={node.free?.memory_mb} format={memory} />
        <CapacityBar label="CVM slots" reserved={node.reserved?.slots} capacity={node.capacity?.slots} free={node.free?.slots} />
      </div>
      <dl class="facts">
        <dt>Node id</dt><dd>{node.id}</dd>
        <dt>Device id</dt><dd><code title={node.deviceId ?? ''}>{short(node.deviceId)}</code></dd>
        <dt>Region</dt><dd>{node.region ?? '–'}</dd>
        <dt>dstack version</dt><dd>{node.version ?? '–'}</dd>
        <dt>KMS</dt><dd>{node.kms ?? '–'}</dd>
        <dt>May be used by</dt><dd>{node.workspaces}{node.listed === false ? ' (unlisted)' : ''}</dd>
        {node.lastSeen !== undefined && <><dt>Last seen</dt><dd>{when(node.lastSeen)}</dd></>}
      </dl>
      <h3>Images</h3>
      {node.images.length === 0
        ? <p class="muted">No images reported.</p>
        : (
          <ul class="images">
            {node.images.map((i) => <li key={i.name}><code>{i.name}</code> {i.version}{i.dev ? ' (dev)' : ''}</li>)}
          </ul>
        )}
    </article>
  );
}

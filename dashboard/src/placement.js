// Where Replicate would put replicas, computed from GET /teepods/available: the same information the
// API gives every client, and the same rule the server applies (node/Placement ranks the nodes,
// replica/ReplicaPlacement prefers the source's). A node that is named is never second-guessed; Auto means the source's node while it has room, otherwise the other
// node of the same KMS with the most free vCPU, then memory, then slots (lowest id on a tie). Several
// replicas are placed one after the other, each seeing the room the previous ones took. The server
// decides again when it reserves the room; this is a preview.

/**
 * @param nodes  `nodes` of GET /teepods/available
 * @param source `{nodeId, image, vcpu, memoryMb}` of the CVM to replicate
 * @param target a node id, or null for Auto
 * @param count  how many replicas
 * @returns one `{node, reason}` or `{node: null, refusal}` per replica
 */
export function previewPlacement(nodes, source, target, count) {
  const room = new Map(nodes.map((n) => [n.teepod_id, {
    vcpu: n.remaining_vcpu, memory: n.remaining_memory, slots: n.remaining_cvm_slots,
  }]));
  const sourceNode = nodes.find((n) => n.teepod_id === source.nodeId);
  const kms = sourceNode?.default_kms ?? null;
  const out = [];
  for (let i = 0; i < count; i += 1) {
    const decision = target == null ? auto(nodes, room, source, kms) : named(nodes, room, source, target);
    out.push(decision);
    if (decision.node) {
      const r = room.get(decision.node.teepod_id);
      r.vcpu -= source.vcpu;
      r.memory -= source.memoryMb;
      r.slots -= 1;
    }
  }
  return out;
}

function named(nodes, room, source, target) {
  const node = nodes.find((n) => n.teepod_id === target);
  if (!node) {
    return { node: null, refusal: 'this node is not available to your workspace' };
  }
  const refusal = whyNot(node, room.get(node.teepod_id), source);
  return refusal ? { node: null, refusal } : { node, reason: 'the node you chose' };
}

function auto(nodes, room, source, kms) {
  const sourceNode = nodes.find((n) => n.teepod_id === source.nodeId);
  if (sourceNode && !whyNot(sourceNode, room.get(sourceNode.teepod_id), source)) {
    return { node: sourceNode, reason: 'the source CVM’s node has room' };
  }
  const candidates = nodes
    .filter((n) => n.teepod_id !== source.nodeId)
    .filter((n) => (n.default_kms ?? null) === kms && !whyNot(n, room.get(n.teepod_id), source))
    .sort((a, b) => {
      const ra = room.get(a.teepod_id);
      const rb = room.get(b.teepod_id);
      return rb.vcpu - ra.vcpu || rb.memory - ra.memory || rb.slots - ra.slots || a.teepod_id - b.teepod_id;
    });
  if (candidates.length > 0) {
    return { node: candidates[0], reason: 'the source CVM’s node is full; this node has the most room' };
  }
  const refusal = sourceNode ? whyNot(sourceNode, room.get(sourceNode.teepod_id), source) : 'no node can take it';
  return { node: null, refusal };
}

/** Why `node` cannot take one more replica, or null when it can. */
export function whyNot(node, room, source) {
  if (!(node.images ?? []).some((img) => img.name === source.image)) {
    return `it does not have the image ${source.image}`;
  }
  if (room.vcpu < source.vcpu) {
    return `not enough free vCPU (${room.vcpu} free, ${source.vcpu} needed)`;
  }
  if (room.memory < source.memoryMb) {
    return `not enough free memory (${room.memory} MiB free, ${source.memoryMb} MiB needed)`;
  }
  if (room.slots < 1) {
    return 'no free CVM slot';
  }
  return null;
}

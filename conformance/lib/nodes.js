// What the nodes really have: the embedded simulated nodes are found through the admin API and
// asked directly over their dstack-vmm pRPC API (JSON mode), bypassing the control plane.

async function prpc(vmmUrl, method, body) {
  const res = await fetch(`${vmmUrl.replace(/\/+$/, '')}/prpc/${method}?json`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`pRPC ${method} on ${vmmUrl} answered ${res.status}: ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

/** `GET /admin/nodes` with the operator key: [{id, name, vmm_url, …}]. */
export async function adminNodes(server) {
  const res = await fetch(`${server.baseUrl}/admin/nodes`, {
    headers: { 'X-API-Key': server.adminKey },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`GET /admin/nodes answered ${res.status}: ${text}`);
  }
  const body = JSON.parse(text);
  if (!Array.isArray(body.items)) {
    throw new Error(`GET /admin/nodes has no items array: ${text}`);
  }
  return body.items;
}

/** `Status` on a node: every VM it has. */
export async function vmmStatus(vmmUrl) {
  const body = await prpc(vmmUrl, 'Status', {});
  return body?.vms ?? [];
}

/** `GetInfo` on a node: {found, info}. */
export async function vmmGetInfo(vmmUrl, id) {
  return prpc(vmmUrl, 'GetInfo', { id });
}

/** Normalises a vm uuid for comparison (nodes use the dashed form, the API may not). */
export function sameVmId(a, b) {
  const norm = (v) => String(v ?? '').replace(/-/g, '').toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

/**
 * Every VM of this CVM on any node of the server: [{node, vm}] (empty when no node has it). The node
 * makes its own VM ids; opencvm names each VM `<cvm name>@<vm_uuid>`, which is how it finds it again.
 */
export async function findVm(server, vmUuid) {
  const found = [];
  for (const node of await adminNodes(server)) {
    for (const vm of await vmmStatus(node.vmm_url)) {
      const named = String(vm.name ?? '').split('@').pop();
      if (sameVmId(named, vmUuid) || sameVmId(vm.id, vmUuid)) {
        found.push({ node, vm });
      }
    }
  }
  return found;
}

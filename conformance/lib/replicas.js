// What replicas leave behind: the env a simulated guest decrypted (the nodes' test hook), the app's
// CVMs, and snapshots that show a refused request changed nothing.
import { awaitCvmRunning, awaitNodeVmBooted, deployCvm, uniqueName } from './cvms.js';
import { adminNodes, vmmStatus } from './nodes.js';

/** `GET <vmm_url>/test/vms/<vm id>/env`: name → value of the env the simulated guest decrypted. */
export async function guestEnv(node, vmId) {
  const url = `${node.vmm_url.replace(/\/+$/, '')}/test/vms/${encodeURIComponent(vmId)}/env`;
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`GET ${url} answered ${res.status}: ${text}`);
  }
  return JSON.parse(text);
}

/** `GET /apps/{app_id}/cvms` with the server's key (or `apiKey`): the app's CVMs. */
export async function appCvms(server, appId, { apiKey } = {}) {
  const res = await server.api('GET', `/apps/${appId}/cvms`, apiKey ? { apiKey } : {});
  if (res.status !== 200 || !Array.isArray(res.json)) {
    throw new Error(`GET /apps/${appId}/cvms answered ${res.status}: ${res.text}`);
  }
  return res.json;
}

/**
 * What a refused request must not change: the workspace's CVMs (vm_uuids, from `GET /cvms/paginated`)
 * and the VMs on every node (their names). Compare two snapshots with deepEqual.
 */
export async function snapshot(server) {
  const res = await server.api('GET', '/cvms/paginated?page=1&page_size=100');
  if (res.status !== 200) {
    throw new Error(`GET /cvms/paginated answered ${res.status}: ${res.text}`);
  }
  if (res.json.total > res.json.items.length) {
    throw new Error(`more CVMs (${res.json.total}) than one page holds`);
  }
  const cvms = res.json.items.map((c) => c.vm_uuid).sort();
  const nodeVms = [];
  for (const node of await adminNodes(server)) {
    for (const vm of await vmmStatus(node.vmm_url)) {
      nodeVms.push(`${node.name}/${vm.name}`);
    }
  }
  return { cvms, nodeVms: nodeVms.sort() };
}

/**
 * A running source deployed through the SDK and its running replica made by `phala cvms replicate`, both booted on
 * their nodes: `[['source', cvm], ['replica', cvm]]` for scenarios that check a command on each.
 */
export async function runningSourceAndReplica(ctx, prefix) {
  const deployed = await deployCvm(ctx.sdk, { name: uniqueName(prefix) });
  const source = await awaitCvmRunning(ctx.sdk, deployed.ref);
  await awaitNodeVmBooted(ctx.server, source.vm_uuid);
  const replicated = await ctx.cli.json(['cvms', 'replicate', source.vm_uuid]);
  const replica = await awaitCvmRunning(ctx.sdk, { id: replicated.vm_uuid });
  await awaitNodeVmBooted(ctx.server, replica.vm_uuid);
  return [['source', source], ['replica', replica]];
}

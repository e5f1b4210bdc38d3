// A server restart on the same data (H2 file or PostgreSQL database) loses nothing.
import assert from 'node:assert/strict';
import { safeReplicateCvm } from '@phala/cloud';
import { awaitCvmRunning, awaitNodeVm, awaitNodeVmBooted, deployCvm, uniqueName } from '../lib/cvms.js';
import { adminNodes } from '../lib/nodes.js';
import { appCvms } from '../lib/replicas.js';
import { onEveryBackend } from '../lib/suite.js';
import { escapeRegExp } from '../lib/text.js';

onEveryBackend('restart', (ctx, scenario) => {
  scenario('after a restart the workspace, the nodes, the CVM and its replica are all still there', async () => {
    const deployed = await deployCvm(ctx.sdk, { name: uniqueName('conf-restart') });
    const cvm = await awaitCvmRunning(ctx.sdk, deployed.ref);
    const { node: sourceNode } = await awaitNodeVmBooted(ctx.server, cvm.vm_uuid);
    const replicaNode = (await adminNodes(ctx.server)).find((n) => n.id !== sourceNode.id);
    const replicated = await safeReplicateCvm(ctx.sdk, { id: cvm.vm_uuid, node_id: replicaNode.id });
    assert.equal(replicated.success, true, String(replicated.error?.message));
    const replica = await awaitCvmRunning(ctx.sdk, { id: replicated.data.vm_uuid });
    await awaitNodeVmBooted(ctx.server, replica.vm_uuid);
    const statusBefore = await ctx.cli.json(['status']);
    const nodesBefore = await ctx.cli.json(['nodes', 'list']);
    // The app now has two CVMs, so its app_id is ambiguous: the CVMs are asked for by vm_uuid.
    const cvmBefore = await ctx.cli.json(['cvms', 'get', cvm.vm_uuid]);

    await ctx.server.restart();

    const status = (await ctx.cli.run(['status'])).expectExit(0);
    assert.match(status.stdout, new RegExp(`Logged in as: ${escapeRegExp(statusBefore.username)}`), status.describe());
    assert.match(status.stdout, new RegExp(`Current Workspace: ${escapeRegExp(statusBefore.team_name)}`), status.describe());

    const nodesAfter = await ctx.cli.json(['nodes', 'list']);
    assert.deepEqual(nodeIdentities(nodesAfter.items), nodeIdentities(nodesBefore.items));

    const cvmAfter = await ctx.cli.json(['cvms', 'get', cvm.vm_uuid]);
    for (const key of ['id', 'name', 'app_id', 'vm_uuid', 'instance_id', 'compose_hash']) {
      assert.equal(cvmAfter[key], cvmBefore[key], `${key} changed across the restart`);
    }
    const text = (await ctx.cli.run(['cvms', 'get', cvm.vm_uuid])).expectExit(0);
    assert.ok(text.stdout.includes(deployed.name), text.describe());

    // The CVM is wanted running: after the restart it runs on exactly one VM (a node that re-adopts a
    // live VM reports boot_progress "running" rather than "done", so only the status is required).
    await awaitCvmRunning(ctx.sdk, deployed.ref);
    const { vm } = await awaitNodeVm(ctx.server, cvm.vm_uuid, (v) => v.status === 'running', 'to be running');
    assert.equal(vm.instance_id, cvm.instance_id);

    const replicaAfter = await awaitCvmRunning(ctx.sdk, { id: replica.vm_uuid });
    for (const key of ['id', 'name', 'app_id', 'vm_uuid', 'instance_id', 'compose_hash']) {
      assert.equal(replicaAfter[key], replica[key], `replica ${key} changed across the restart`);
    }
    const { node: nodeAfter, vm: replicaVm } = await awaitNodeVm(ctx.server, replica.vm_uuid,
      (v) => v.status === 'running', 'to be running');
    assert.equal(nodeAfter.name, replicaNode.name, 'the replica stays on its node');
    assert.equal(replicaVm.instance_id, replica.instance_id);
    assert.deepEqual((await appCvms(ctx.server, cvm.app_id)).map((c) => c.vm_uuid).sort(),
      [cvm.vm_uuid, replica.vm_uuid].sort());
  }, { timeout: 240_000 });
});

function nodeIdentities(items) {
  return items.map((n) => `${n.id}:${n.name}`).sort();
}

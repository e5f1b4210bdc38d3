// Rolling an update across an app's instances (`/apps/{app_id}/rollouts`, opencvm's own extension, which no CLI command
// knows): the SDK's own `client.post` / `client.get` start and follow it; every node ends up booting the new compose,
// and a second rollout while one rolls is refused.
import assert from 'node:assert/strict';
import { safeReplicateCvm } from '@phala/cloud';
import {
  awaitCvmRunning, awaitNodeVmBooted, awaitNodeVmRecomposed, deployCvm, uniqueName,
} from '../lib/cvms.js';
import { snapshot } from '../lib/replicas.js';
import { onEveryBackend } from '../lib/suite.js';
import { waitFor } from '../lib/wait.js';

const NEW_COMPOSE = 'services:\n  web:\n    image: nginx:1.29\n    environment:\n      - GREETING=${GREETING}\n';

onEveryBackend('rollouts', (ctx, scenario) => {
  scenario('an app with three instances is rolled one at a time to a new compose, each node booting it', async () => {
    const deployed = await deployCvm(ctx.sdk, { name: uniqueName('conf-roll') });
    const source = await awaitCvmRunning(ctx.sdk, deployed.ref);
    const instances = [source.vm_uuid];
    for (let i = 0; i < 2; i++) {
      const replica = await safeReplicateCvm(ctx.sdk, { id: source.vm_uuid });
      assert.equal(replica.success, true, String(replica.error?.message));
      instances.push(replica.data.vm_uuid);
      await awaitCvmRunning(ctx.sdk, { id: replica.data.vm_uuid });
    }
    for (const vmUuid of instances) {
      await awaitNodeVmBooted(ctx.server, vmUuid);
    }
    const appId = source.app_id;

    const started = await ctx.sdk.post(`/apps/${appId}/rollouts`, { docker_compose_file: NEW_COMPOSE });

    assert.match(started.id, /^ro_/);
    assert.equal(started.state, 'rolling');
    assert.deepEqual(started.instances.map((s) => s.vm_uuid), instances);
    assert.deepEqual(started.instances.map((s) => s.state), ['updating', 'pending', 'pending']);
    const before = await snapshot(ctx.server);
    const second = await ctx.sdk.safePost(`/apps/${appId}/rollouts`, { docker_compose_file: 'services:\n  x:\n    image: redis\n' });
    assert.equal(second.success, false);
    assert.equal(second.error.status, 409, String(second.error.message));
    assert.equal(second.error.errorCode, 'ERR-03-121');
    assert.deepEqual(await snapshot(ctx.server), before, 'the refused rollout changed nothing');

    const done = await waitFor(async () => {
      const r = await ctx.sdk.get(`/apps/${appId}/rollouts/${started.id}`);
      return r.state === 'completed' ? r : false;
    }, { timeoutMs: 120_000, intervalMs: 200, description: `rollout ${started.id} to complete` });

    assert.deepEqual(done.instances.map((s) => s.state), ['done', 'done', 'done']);
    const oldHash = deployed.provision.compose_hash.replace(/^0x/, '');
    for (const vmUuid of instances) {
      const { compose } = await awaitNodeVmRecomposed(ctx.server, vmUuid, oldHash);
      assert.equal(compose.docker_compose_file, NEW_COMPOSE);
    }
    const listed = await ctx.sdk.get(`/apps/${appId}/rollouts`);
    assert.equal(listed.total, 1);
    assert.equal(listed.items[0].compose_hash, done.compose_hash);
  }, { timeout: 300_000 });
});

// A CVM's compose one part at a time through the SDK (docker-compose, pre-launch script) and the deprecated
// `phala cvms upgrade`, and the app filters, checked against what the simulated node booted and what its guest decrypted.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  getAppFilterOptions, getAppInfo, getAppRevisionDetail, getAppRevisions,
} from '@phala/cloud';
import {
  awaitCvmRunning, awaitNodeVmRecomposed, runningCvm, sha256Hex,
} from '../lib/cvms.js';
import { guestEnv, snapshot } from '../lib/replicas.js';
import { onEveryBackend } from '../lib/suite.js';

const UPGRADE_COMPOSE = 'services:\n  web:\n    image: nginx:1.28\n    environment:\n      - API_TOKEN=${API_TOKEN}\n';
const UPGRADE_SECRET = 'token-from-cvms-upgrade-5d1e';
const SLOW = { timeout: 300_000 };

onEveryBackend('update-revisions', (ctx, scenario) => {
  const running = (prefix) => runningCvm(ctx.sdk, prefix);
  const bootedWithNewCompose = (vmUuid, oldHash) => awaitNodeVmRecomposed(ctx.server, vmUuid, oldHash);

  scenario('SDK updateDockerCompose and updatePreLaunchScript: the guest boots with each, the getters and revisions show them',
    async () => {
      const { deployed, cvm } = await running('conf-parts');
      const yaml = 'services:\n  web:\n    image: nginx:1.29\n';

      const update = await ctx.sdk.updateDockerCompose({ id: cvm.vm_uuid, docker_compose_file: yaml });

      assert.equal(update.status, 'in_progress');
      assert.match(update.correlation_id, /^op_/);
      const first = await bootedWithNewCompose(cvm.vm_uuid, deployed.provision.compose_hash.replace(/^0x/, ''));
      assert.equal(first.compose.docker_compose_file, yaml);
      assert.equal(await ctx.sdk.getCvmDockerCompose({ id: cvm.vm_uuid }), yaml);
      await awaitCvmRunning(ctx.sdk, { id: cvm.vm_uuid });
      assert.equal(await ctx.sdk.getCvmPreLaunchScript({ id: cvm.vm_uuid }), '');

      const script = '#!/bin/sh\necho ready\n';
      const scripted = await ctx.sdk.updatePreLaunchScript({ id: cvm.vm_uuid, pre_launch_script: script });

      assert.equal(scripted.status, 'in_progress');
      const second = await bootedWithNewCompose(cvm.vm_uuid, sha256Hex(first.vm.configuration.compose_file));
      assert.equal(second.compose.pre_launch_script, script);
      assert.equal(second.compose.docker_compose_file, yaml, 'the docker-compose is kept');
      assert.equal(await ctx.sdk.getCvmPreLaunchScript({ id: cvm.vm_uuid }), script);
      await awaitCvmRunning(ctx.sdk, { id: cvm.vm_uuid });

      const appId = cvm.app_id.replace(/^app_/, '');
      const history = await getAppRevisions(ctx.sdk, { appId, page: 1, page_size: 10 });
      assert.equal(history.total, 3, JSON.stringify(history));
      assert.deepEqual(history.revisions.map((r) => r.operation_type), ['update', 'update', 'deploy']);
      assert.deepEqual(history.revisions.map((r) => r.trace_id).slice(0, 2), [scripted.correlation_id, update.correlation_id]);
      const detail = await getAppRevisionDetail(ctx.sdk, { appId, revisionId: history.revisions[0].revision_id,
        rawComposeFile: true });
      assert.equal(sha256Hex(detail.compose_file), history.revisions[0].compose_hash);
      assert.equal(JSON.parse(detail.compose_file).pre_launch_script, script);
    }, SLOW);

  scenario('phala cvms upgrade -c new.yml -e .env restarts the guest with the new compose and env', async () => {
    ctx.secrets.push(UPGRADE_SECRET);
    const { deployed, cvm } = await running('conf-upgrade');
    await fsp.writeFile(path.join(ctx.cli.home, 'work', 'new.yml'), UPGRADE_COMPOSE);
    await fsp.writeFile(path.join(ctx.cli.home, 'work', 'upgrade.env'), `API_TOKEN=${UPGRADE_SECRET}\n`);

    const result = (await ctx.cli.run(['cvms', 'upgrade', cvm.vm_uuid, '-c', 'new.yml', '-e', 'upgrade.env'],
      { timeoutMs: 120_000 })).expectExit(0);

    assert.match(result.output, /being upgraded/, result.describe());
    const { node, vm, compose } = await bootedWithNewCompose(cvm.vm_uuid, deployed.provision.compose_hash.replace(/^0x/, ''));
    assert.equal(compose.docker_compose_file, UPGRADE_COMPOSE);
    assert.deepEqual(compose.allowed_envs, ['API_TOKEN']);
    assert.equal(vm.app_id, cvm.app_id, 'an upgrade never changes the app');
    assert.deepEqual(await guestEnv(node, vm.id), { API_TOKEN: UPGRADE_SECRET });
    await awaitCvmRunning(ctx.sdk, { id: cvm.vm_uuid });
  }, SLOW);

  scenario('SDK getAppFilterOptions lists what the workspace runs, and an app id still finds its app', async () => {
    const { cvm } = await running('conf-filter');

    const options = await getAppFilterOptions(ctx.sdk);

    assert.ok(options.statuses.includes('running'), JSON.stringify(options));
    assert.ok(options.nodes.length >= 1, JSON.stringify(options));
    const app = await getAppInfo(ctx.sdk, { appId: cvm.app_id });
    assert.equal(app.app_id.replace(/^app_/, ''), cvm.app_id.replace(/^app_/, ''));
  });

  scenario('phala cvms upgrade of an unknown CVM fails and changes nothing', async () => {
    await fsp.writeFile(path.join(ctx.cli.home, 'work', 'new.yml'), UPGRADE_COMPOSE);
    const before = await snapshot(ctx.server);
    const result = await ctx.cli.run(['cvms', 'upgrade', 'no-such-cvm', '-c', 'new.yml']);
    assert.notEqual(result.code, 0, result.describe());
    assert.deepEqual(await snapshot(ctx.server), before);
  });
});

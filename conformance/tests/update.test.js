// Day two with the real CLI: `phala deploy --cvm-id` with a new compose and env, `phala envs update` and
// `phala cvms resize`,
// checked against what the simulated node was told and what its guest decrypted at the next boot.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  awaitCvmRunning, awaitNodeVm, deployCvm, sha256Hex, uniqueName,
} from '../lib/cvms.js';
import { vmmGetInfo } from '../lib/nodes.js';
import { guestEnv, snapshot } from '../lib/replicas.js';
import { onEveryBackend } from '../lib/suite.js';

const NEW_COMPOSE = 'services:\n  web:\n    image: nginx:1.28\n    environment:\n      - API_TOKEN=${API_TOKEN}\n';
const DEPLOY_SECRET = 'token-from-deploy-7f3a';
const ENVS_SECRET = 'token-from-envs-update-91c2';
// A deploy, an update and two boots: more than one ordinary scenario's time on a loaded machine.
const SLOW = { timeout: 300_000 };

/** The JSON object a CLI run printed after its progress lines. */
function printedJson(result) {
  return JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
}

onEveryBackend('update', (ctx, scenario) => {
  /** A running CVM made through the SDK, and the VM its node runs. */
  async function running(prefix) {
    const deployed = await deployCvm(ctx.sdk, { name: uniqueName(prefix) });
    const cvm = await awaitCvmRunning(ctx.sdk, deployed.ref);
    return { deployed, cvm };
  }

  /** The CVM's VM once it has booted with a compose other than `oldCompose` ({node, vm, info}). */
  async function bootedWithNewCompose(vmUuid, oldComposeHash) {
    const { node, vm } = await awaitNodeVm(ctx.server, vmUuid, (v) => v.status === 'running' && v.boot_progress === 'done'
      && v.configuration && sha256Hex(v.configuration.compose_file) !== oldComposeHash, 'to boot with a new compose');
    const info = await vmmGetInfo(node.vmm_url, vm.id);
    return { node, vm, info: info.info };
  }

  scenario('phala deploy --cvm-id -c new.yml -e K=V --wait restarts the guest with the new compose and only that env', async () => {
    ctx.secrets.push(DEPLOY_SECRET);
    const { deployed, cvm } = await running('conf-upd');
    await fsp.writeFile(path.join(ctx.cli.home, 'work', 'new.yml'), NEW_COMPOSE);

    const result = (await ctx.cli.run(['deploy', '--cvm-id', cvm.vm_uuid, '-c', 'new.yml', '-e', `API_TOKEN=${DEPLOY_SECRET}`,
      '--wait', '--json'], { timeoutMs: 240_000 })).expectExit(0);

    const printed = printedJson(result);
    assert.equal(printed.success, true, result.describe());
    assert.equal(printed.app_id, cvm.app_id);
    const after = await ctx.sdk.getCvmInfo({ id: cvm.vm_uuid });
    assert.equal(after.status, 'running', 'deploy --wait returns once the CVM runs again');
    const { node, vm, info } = await bootedWithNewCompose(cvm.vm_uuid, deployed.provision.compose_hash.replace(/^0x/, ''));
    const compose = JSON.parse(info.configuration.compose_file);
    assert.equal(compose.docker_compose_file, NEW_COMPOSE);
    assert.deepEqual(compose.allowed_envs, ['API_TOKEN']);
    assert.equal(vm.app_id, cvm.app_id, 'an update never changes the app');
    assert.deepEqual(await guestEnv(node, vm.id), { API_TOKEN: DEPLOY_SECRET },
      'the guest decrypted only the new env (GREETING is no longer allowed)');
  }, SLOW);

  scenario('phala envs update -e adds a key: new allowed envs, and the guest boots with both values', async () => {
    ctx.secrets.push(ENVS_SECRET);
    const { deployed, cvm } = await running('conf-envs');

    const result = (await ctx.cli.run(['envs', 'update', cvm.vm_uuid, '-e', 'GREETING=updated greeting',
      '-e', `API_TOKEN=${ENVS_SECRET}`])).expectExit(0);

    assert.match(result.output, /Environment update initiated \(correlation_id: op_[0-9a-f]+\)/, result.describe());
    const { node, vm, info } = await bootedWithNewCompose(cvm.vm_uuid, deployed.provision.compose_hash.replace(/^0x/, ''));
    assert.deepEqual(JSON.parse(info.configuration.compose_file).allowed_envs, ['GREETING', 'API_TOKEN']);
    assert.deepEqual(await guestEnv(node, vm.id), { GREETING: 'updated greeting', API_TOKEN: ENVS_SECRET });
    await awaitCvmRunning(ctx.sdk, { id: cvm.vm_uuid });
  }, SLOW);

  scenario('phala cvms resize -v 2 -m 4096 -d 40 --yes restarts the CVM at the new size on its node', async () => {
    const { deployed, cvm } = await running('conf-resize');

    const result = (await ctx.cli.run(['cvms', 'resize', cvm.vm_uuid, '-v', '2', '-m', '4096', '-d', '40', '--yes', '--json'],
      { timeoutMs: 240_000 })).expectExit(0);

    assert.equal(printedJson(result).app_id, cvm.app_id, result.describe());
    const { vm } = await awaitNodeVm(ctx.server, cvm.vm_uuid, (v) => v.status === 'running' && v.boot_progress === 'done'
      && v.configuration?.vcpu === 2 && v.configuration?.memory === 4096 && v.configuration?.disk_size === 40,
    'to boot with 2 vCPUs, 4096 MB and 40 GB');
    assert.equal(sha256Hex(vm.configuration.compose_file), deployed.provision.compose_hash.replace(/^0x/, ''),
      'a resize keeps the compose');
    const after = await awaitCvmRunning(ctx.sdk, { id: cvm.vm_uuid });
    assert.equal(after.resource?.vcpu ?? after.vcpu, 2);
  }, SLOW);

  scenario('phala deploy --cvm-id of an unknown CVM fails and changes nothing', async () => {
    await fsp.writeFile(path.join(ctx.cli.home, 'work', 'new.yml'), NEW_COMPOSE);
    const before = await snapshot(ctx.server);
    const result = await ctx.cli.run(['deploy', '--cvm-id', 'no-such-cvm', '-c', 'new.yml']);
    assert.notEqual(result.code, 0, result.describe());
    assert.deepEqual(await snapshot(ctx.server), before);
  });
});

// A CVM's life through the SDK and the CLI, checked against what the node really runs.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  awaitCvmRunning, awaitCvmStatus, awaitNodeVm, awaitNodeVmBooted, awaitNodeVmGone, deployCvm, sha256Hex, uniqueName, COMPOSE,
} from '../lib/cvms.js';
import { vmmGetInfo } from '../lib/nodes.js';
import { onEveryBackend } from '../lib/suite.js';
import { waitFor } from '../lib/wait.js';

const HEX40 = /^[0-9a-f]{40}$/i;
const HEX64 = /^(0x)?[0-9a-f]{64}$/i;

/** Deploys a CVM through the SDK and waits until the control plane and its node both say it runs. */
async function deployRunning(ctx, prefix) {
  const deployed = await deployCvm(ctx.sdk, { name: uniqueName(prefix) });
  const cvm = await awaitCvmRunning(ctx.sdk, deployed.ref);
  const { node, vm } = await awaitNodeVmBooted(ctx.server, cvm.vm_uuid);
  return { ...deployed, cvm, node, vm };
}

async function listedAppIds(cli) {
  const listed = await cli.json(['cvms', 'list']);
  assert.equal(listed.success, true, listed.result.describe());
  return listed.items.map((i) => i.appId);
}

onEveryBackend('cvm lifecycle', (ctx, scenario) => {
  // One running CVM shared by the read-only scenarios; made on first use so each can run alone.
  let shared;
  const sharedCvm = () => {
    shared ??= deployRunning(ctx, 'conf-shared');
    return shared;
  };

  scenario('provision and commit through the SDK boot a CVM that its node really runs', async () => {
    const { provision, commit, encryptedEnv, name, cvm, node, vm } = await sharedCvm();
    assert.match(provision.compose_hash, HEX64, JSON.stringify(provision));
    assert.match(provision.app_id ?? '', HEX40, JSON.stringify(provision));
    assert.match(provision.app_env_encrypt_pubkey, HEX64, JSON.stringify(provision));
    assert.equal(commit.app_id, provision.app_id, JSON.stringify(commit));
    assert.equal(commit.name, name);

    assert.equal(cvm.name, name);
    assert.equal(cvm.app_id, provision.app_id);
    assert.equal(cvm.compose_hash, provision.compose_hash);
    assert.match(cvm.instance_id, HEX40, JSON.stringify(cvm));

    assert.equal(vm.status, 'running');
    assert.equal(vm.boot_progress, 'done');
    assert.equal(vm.app_id, provision.app_id);
    assert.equal(vm.instance_id, cvm.instance_id);
    if (cvm.node_info) {
      assert.equal(cvm.node_info.name, node.name, 'the CVM reports the node that really runs it');
    }

    const info = await vmmGetInfo(node.vmm_url, vm.id);
    assert.equal(info.found, true);
    const config = info.info.configuration;
    assert.equal(sha256Hex(config.compose_file), provision.compose_hash.replace(/^0x/, '').toLowerCase(), 'compose_hash is the sha256 of the app-compose the node got');
    assert.equal(JSON.parse(config.compose_file).docker_compose_file, COMPOSE);
    assert.equal(config.encrypted_env.toLowerCase().replace(/^0x/, ''), encryptedEnv.toLowerCase(),
      'the node got the encrypted env exactly as the client sent it');
  });

  scenario('phala deploy -c docker-compose.yml, the README\'s first CVM, boots a CVM its node runs', async () => {
    const name = uniqueName('conf-deploy');
    await fsp.writeFile(path.join(ctx.cli.home, 'work', 'docker-compose.yml'), COMPOSE);
    const result = (await ctx.cli.run(['deploy', '-c', 'docker-compose.yml', '-n', name, '--json'])).expectExit(0);
    // The CLI prints a progress line before the JSON on stdout.
    const deployed = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
    assert.equal(deployed.success, true, result.describe());
    assert.equal(deployed.name, name);
    assert.match(deployed.app_id, HEX40, result.describe());

    const cvm = await awaitCvmRunning(ctx.sdk, { id: deployed.vm_uuid });
    assert.equal(cvm.name, name);
    assert.equal(cvm.app_id, deployed.app_id);
    const { vm } = await awaitNodeVmBooted(ctx.server, deployed.vm_uuid);
    assert.equal(vm.app_id, deployed.app_id);
  });

  scenario('phala cvms get shows the CVM by app_id, by vm_uuid and by name', async () => {
    const { name, cvm } = await sharedCvm();
    const text = (await ctx.cli.run(['cvms', 'get', cvm.app_id])).expectExit(0);
    assert.ok(text.stdout.includes(name), `no name in\n${text.describe()}`);
    assert.ok(text.stdout.includes(`app_${cvm.app_id}`), `no app id in\n${text.describe()}`);
    assert.match(text.stdout, /running/, text.describe());

    for (const id of [cvm.app_id, cvm.vm_uuid, name]) {
      const json = await ctx.cli.json(['cvms', 'get', id]);
      assert.equal(json.success, true);
      assert.equal(json.name, name, json.result.describe());
      assert.equal(json.app_id, cvm.app_id);
      assert.equal(json.vm_uuid, cvm.vm_uuid);
      assert.equal(json.instance_id, cvm.instance_id);
      assert.equal(json.status, 'running');
    }
  });

  scenario('phala cvms list lists the CVM, as a table and as JSON', async () => {
    const { name, cvm } = await sharedCvm();
    const text = (await ctx.cli.run(['cvms', 'list'])).expectExit(0);
    const row = text.stdout.split('\n').find((line) => line.includes(cvm.app_id));
    assert.ok(row, `no row for ${cvm.app_id}\n${text.describe()}`);
    assert.ok(row.includes(name), row);
    assert.ok(row.includes('running'), row);

    const json = await ctx.cli.json(['cvms', 'list']);
    const item = json.items.find((i) => i.appId === cvm.app_id);
    assert.ok(item, json.result.describe());
    assert.equal(item.cvmName, name);
    assert.equal(item.status, 'running');
    assert.ok(json.total >= 1);
  });

  scenario('phala cvms stop, start and delete drive the VM on its node', async () => {
    const deployed = await deployRunning(ctx, 'conf-power');
    const { cvm } = deployed;
    const id = cvm.app_id;

    (await ctx.cli.run(['cvms', 'stop', id])).expectExit(0);
    await awaitNodeVm(ctx.server, cvm.vm_uuid, (vm) => vm.status === 'stopped', 'to be stopped');
    await awaitCvmStatus(ctx.sdk, deployed.ref, 'stopped');

    (await ctx.cli.run(['cvms', 'start', id])).expectExit(0);
    await awaitNodeVmBooted(ctx.server, cvm.vm_uuid);
    await awaitCvmRunning(ctx.sdk, deployed.ref);

    assert.ok((await listedAppIds(ctx.cli)).includes(id), 'listed before delete');
    (await ctx.cli.run(['cvms', 'delete', id, '--force'])).expectExit(0);
    await awaitNodeVmGone(ctx.server, cvm.vm_uuid);
    await waitFor(async () => !(await listedAppIds(ctx.cli)).includes(id),
      { timeoutMs: 30_000, intervalMs: 500, description: `${id} to leave phala cvms list` });
  });
});

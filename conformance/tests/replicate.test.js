// Replicate CVM as a user meets it: `phala cvms replicate` and the SDK's replicateCvm against the
// embedded default, checked against what the simulated nodes really run and what their guests decrypted.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ResourceError, ValidationError, safeReplicateCvm } from '@phala/cloud';
import { createWorkspaceWithKey } from '../lib/accounts.js';
import { PhalaCli } from '../lib/cli.js';
import {
  awaitCvmRunning, awaitNodeVmBooted, deployCvm, uniqueName,
} from '../lib/cvms.js';
import { adminNodes, vmmGetInfo } from '../lib/nodes.js';
import { appCvms, guestEnv, snapshot } from '../lib/replicas.js';
import { sdkClient } from '../lib/sdk.js';
import { onEveryBackend } from '../lib/suite.js';
import { escapeRegExp } from '../lib/text.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX40 = /^[0-9a-f]{40}$/i;
const FAILED = /✗ Failed to create CVM replica/;

// The source's own env, and what its compose lets a guest see (FOO and the file's SPACED and URL).
const SOURCE_ENV = [{ key: 'GREETING', value: 'hello from the source' }, { key: 'FOO', value: 'source-foo' }];
const ALLOWED_ENVS = ['GREETING', 'FOO', 'SPACED', 'URL'];
// A .env as a user writes it; NOT_ALLOWED is not in the compose's allowed_envs.
const ENV_FILE = '# replica settings\n\nFOO=bar\nSPACED = value with spaces\nURL=postgres://u:p@h/db?x=1\nNOT_ALLOWED=must-not-arrive\n';
const ENV_FILE_ALLOWED = { FOO: 'bar', SPACED: 'value with spaces', URL: 'postgres://u:p@h/db?x=1' };

/** `Label:   value` of the CLI's replica summary. */
function line(result, label) {
  const m = result.stdout.match(new RegExp(`^${escapeRegExp(label)}:\\s*(.*)$`, 'm'));
  assert.ok(m, `no "${label}:" line\n${result.describe()}`);
  return m[1].trim();
}

/** The printed `Error [ERR-…]: message` of a failed CLI run. */
function expectCliError(result, code) {
  result.expectExit(1);
  assert.match(result.output, new RegExp(`Error \\[${code}\\]: \\S`), result.describe());
}

onEveryBackend('replicate', (ctx, scenario) => {
  // One running source shared by the scenarios; made on first use so each scenario can run alone.
  let shared;
  const sharedSource = () => {
    shared ??= (async () => {
      const deployed = await deployCvm(ctx.sdk, {
        name: uniqueName('conf-src'), env: SOURCE_ENV, allowedEnvs: ALLOWED_ENVS,
      });
      const cvm = await awaitCvmRunning(ctx.sdk, deployed.ref);
      const { node, vm } = await awaitNodeVmBooted(ctx.server, cvm.vm_uuid);
      const nodes = await adminNodes(ctx.server);
      return { deployed, cvm, node, vm, nodes, others: nodes.filter((n) => n.id !== node.id) };
    })();
    return shared;
  };

  /** Waits until a replica runs (API and node) and checks it is the source's app on `expectedNode`. */
  async function awaitReplicaOn(replicaUuid, expectedNode) {
    const { cvm: source } = await sharedSource();
    const replica = await awaitCvmRunning(ctx.sdk, { id: replicaUuid });
    const { node, vm } = await awaitNodeVmBooted(ctx.server, replicaUuid);
    assert.equal(node.name, expectedNode.name, `replica ${replicaUuid} runs on ${node.name}, expected ${expectedNode.name}`);
    assert.equal(replica.app_id, source.app_id);
    assert.notEqual(replica.vm_uuid, source.vm_uuid);
    assert.match(replica.instance_id, HEX40);
    assert.notEqual(replica.instance_id, source.instance_id, 'a replica has its own instance_id');
    assert.equal(vm.instance_id, replica.instance_id);
    assert.equal(vm.app_id, source.app_id);
    return { replica, node, vm };
  }

  scenario('phala cvms replicate <name> prints the new CVM, which boots with its own instance on the printed node', async () => {
    const { deployed, cvm: source, node: sourceNode, vm: sourceVm } = await sharedSource();
    const result = (await ctx.cli.run(['cvms', 'replicate', deployed.name])).expectExit(0);
    const uuid = line(result, 'CVM UUID');
    assert.match(uuid, UUID, result.describe());
    assert.notEqual(uuid, source.vm_uuid);
    assert.equal(line(result, 'App ID'), source.app_id);
    assert.equal(line(result, 'Source CVM ID'), deployed.name);
    assert.equal(line(result, 'Team'), `${source.workspace.name} (${source.workspace.slug})`);
    const printedNode = line(result, 'Node').match(/^(\S+) \(ID: (\d+)\)$/);
    assert.ok(printedNode, result.describe());
    // Without a target the replica goes to the source's node.
    assert.deepEqual([printedNode[1], Number(printedNode[2])], [sourceNode.name, sourceNode.id], result.describe());

    const { node, vm } = await awaitReplicaOn(uuid, sourceNode);
    // No --env-file: the replica got the source's encrypted env byte for byte, and decrypted the same env.
    const [sourceInfo, replicaInfo] = await Promise.all([
      vmmGetInfo(sourceNode.vmm_url, sourceVm.id), vmmGetInfo(node.vmm_url, vm.id)]);
    assert.equal(replicaInfo.info.configuration.encrypted_env, sourceInfo.info.configuration.encrypted_env);
    assert.deepEqual(await guestEnv(node, vm.id), await guestEnv(sourceNode, sourceVm.id));
  });

  scenario('--node-id with a number or a node name places the replica on that node', async () => {
    const { cvm: source, others } = await sharedSource();
    const [byId, byName] = others;
    const first = await ctx.cli.json(['cvms', 'replicate', source.vm_uuid, '--node-id', String(byId.id)]);
    assert.equal(first.success, true);
    assert.equal(first.teepod_id, byId.id, first.result.describe());
    assert.equal(first.teepod?.name, byId.name, first.result.describe());
    // The CLI resolves a name through GET /teepods/available.
    const second = await ctx.cli.json(['cvms', 'replicate', source.vm_uuid, '--node-id', byName.name]);
    assert.equal(second.teepod_id, byName.id, second.result.describe());
    assert.equal(second.app_id, source.app_id);
    await Promise.all([awaitReplicaOn(first.vm_uuid, byId), awaitReplicaOn(second.vm_uuid, byName)]);
  });

  scenario('--compose-hash, with and without 0x, replicates that revision', async () => {
    const { cvm: source } = await sharedSource();
    for (const hash of [source.compose_hash.replace(/^0x/, ''), `0x${source.compose_hash.replace(/^0x/, '')}`]) {
      const json = await ctx.cli.json(['cvms', 'replicate', source.vm_uuid, '--compose-hash', hash]);
      assert.equal(json.app_id, source.app_id, json.result.describe());
      assert.match(json.vm_uuid, UUID, json.result.describe());
      const record = await ctx.sdk.getCvmInfo({ id: json.vm_uuid });
      assert.equal(record.compose_hash, source.compose_hash);
      await awaitNodeVmBooted(ctx.server, json.vm_uuid);
    }
  });

  scenario('the SDK\'s replicateCvm with a node_id returns a record its own schema accepts', async () => {
    const { cvm: source, others } = await sharedSource();
    const target = others[0];
    const result = await safeReplicateCvm(ctx.sdk, { id: source.vm_uuid, node_id: target.id });
    assert.equal(result.success, true, JSON.stringify(result.error?.issues ?? result.error?.message ?? result.error));
    const vm = result.data;
    assert.equal(vm.app_id, source.app_id);
    assert.equal(vm.teepod_id, target.id);
    assert.match(vm.vm_uuid, UUID);
    assert.notEqual(vm.vm_uuid, source.vm_uuid);
    assert.equal(vm.vcpu, source.resource.vcpu);
    await awaitReplicaOn(vm.vm_uuid, target);
  });

  scenario('phala cvms replicate <app_id> of an app with several CVMs takes the CLI\'s ERR-03-010 fallback', async () => {
    const { cvm: source } = await sharedSource();
    // Make sure the app has several live CVMs, so GET /cvms/app_<id> is ambiguous.
    if ((await appCvms(ctx.server, source.app_id)).length < 2) {
      const made = await safeReplicateCvm(ctx.sdk, { id: source.vm_uuid });
      assert.equal(made.success, true, String(made.error?.message));
      await awaitNodeVmBooted(ctx.server, made.data.vm_uuid);
    }
    const ambiguous = await ctx.server.api('GET', `/cvms/app_${source.app_id}`);
    assert.equal(ambiguous.status, 400, ambiguous.text);
    assert.equal(ambiguous.json?.detail?.error_code, 'ERR-03-010', ambiguous.text);
    const before = await appCvms(ctx.server, source.app_id);

    // The CLI then replicates the first CVM GET /apps/{app_id}/cvms lists.
    const json = await ctx.cli.json(['cvms', 'replicate', source.app_id]);
    assert.equal(json.app_id, source.app_id, json.result.describe());
    assert.equal(json.source_cvm_id, before[0].id, json.result.describe());
    const after = await appCvms(ctx.server, source.app_id);
    assert.equal(after.length, before.length + 1);
    assert.ok(after.some((c) => c.vm_uuid === json.vm_uuid), JSON.stringify(after.map((c) => c.vm_uuid)));
    await awaitNodeVmBooted(ctx.server, json.vm_uuid);
  });

  scenario('--env-file gives the replica exactly the allowed variables of the file; the source keeps its own', async () => {
    const { cvm: source, node: sourceNode, vm: sourceVm } = await sharedSource();
    await fsp.writeFile(path.join(ctx.cli.home, 'work', '.env'), ENV_FILE);
    const result = (await ctx.cli.run(['cvms', 'replicate', source.vm_uuid, '--env-file', '.env'])).expectExit(0);
    const uuid = line(result, 'CVM UUID');
    const { node, vm } = await awaitReplicaOn(uuid, sourceNode);
    assert.deepEqual(await guestEnv(node, vm.id), ENV_FILE_ALLOWED);
    assert.deepEqual(await guestEnv(sourceNode, sourceVm.id),
      Object.fromEntries(SOURCE_ENV.map((e) => [e.key, e.value])));
  });

  scenario('--prepare-only hands out a token that --commit redeems exactly once', async () => {
    const { cvm: source, others } = await sharedSource();
    const target = others[1];
    const hash = source.compose_hash.replace(/^0x/, '');
    const beforePrepare = await snapshot(ctx.server);
    const prepared = (await ctx.cli.run(['cvms', 'replicate', source.vm_uuid, '--node-id', String(target.id),
      '--prepare-only'])).expectExit(0);
    assert.match(prepared.stdout, /CVM replica prepared successfully/, prepared.describe());
    assert.equal(line(prepared, 'Compose Hash'), `0x${hash}`);
    assert.equal(line(prepared, 'App ID'), `0x${source.app_id}`);
    assert.match(prepared.stdout, /All prerequisites met/, prepared.describe());
    const token = line(prepared, 'Commit Token');
    assert.ok(token.length >= 16, prepared.describe());
    assert.deepEqual(await snapshot(ctx.server), beforePrepare, 'prepare-only creates nothing');

    const committed = (await ctx.cli.run(['cvms', 'replicate', source.vm_uuid, '--commit', '--token', token,
      '--compose-hash', `0x${hash}`])).expectExit(0);
    await awaitReplicaOn(line(committed, 'CVM UUID'), target);

    const settled = await snapshot(ctx.server);
    const again = await ctx.cli.run(['cvms', 'replicate', source.vm_uuid, '--commit', '--token', token,
      '--compose-hash', hash]);
    expectCliError(again, 'ERR-01-006');
    assert.deepEqual(await snapshot(ctx.server), settled, 'a used token creates nothing');

    // The same flow in JSON, with a wrong compose hash first.
    const preparedJson = await ctx.cli.json(['cvms', 'replicate', source.vm_uuid, '--node-id', String(target.id),
      '--prepare-only']);
    assert.equal(preparedJson.prepare_only, true, preparedJson.result.describe());
    assert.equal(preparedJson.composeHash, hash);
    assert.equal(preparedJson.onchainStatus?.is_allowed, true, preparedJson.result.describe());
    assert.equal(typeof preparedJson.commitToken, 'string');
    // A failed --commit prints the structured error on stderr even with --json (the CLI's behaviour).
    const wrong = await ctx.cli.run(['cvms', 'replicate', source.vm_uuid, '--commit', '--token', preparedJson.commitToken,
      '--compose-hash', 'ab'.repeat(32), '--json']);
    expectCliError(wrong, 'ERR-01-006');
    assert.deepEqual(await snapshot(ctx.server), settled, 'a wrong compose hash creates nothing');

    const done = await ctx.cli.json(['cvms', 'replicate', source.vm_uuid, '--commit', '--token', preparedJson.commitToken,
      '--compose-hash', hash]);
    assert.equal(done.success, true);
    assert.equal(done.teepod_id, target.id, done.result.describe());
    await awaitReplicaOn(done.vm_uuid, target);
  });

  scenario('bad requests through the CLI and the SDK answer 400, 404 and 422 and create nothing', async () => {
    const { deployed, cvm: source } = await sharedSource();
    const before = await snapshot(ctx.server);

    // 400: a well-formed compose hash that names no revision of the app.
    const unknownHash = await ctx.cli.run(['cvms', 'replicate', source.vm_uuid, '--compose-hash', 'ab'.repeat(32)]);
    expectCliError(unknownHash, 'ERR-02-008');
    assert.match(unknownHash.stderr, FAILED, unknownHash.describe());

    // 404: no such CVM (the CLI's GET fails first), no such target node (the replicate POST fails).
    expectCliError(await ctx.cli.run(['cvms', 'replicate', 'no-such-cvm-xyz']), 'ERR-03-001');
    const noNode = await ctx.cli.run(['cvms', 'replicate', deployed.name, '--node-id', '9999']);
    expectCliError(noNode, 'ERR-01-001');
    assert.match(noNode.stderr, FAILED, noNode.describe());
    assert.match(noNode.stderr, /node_id: 9999/, noNode.describe());

    // 422: a node_id of the wrong type. The SDK's own input schema refuses it before sending, so it
    // goes through the SDK's HTTP client instead, which reads the FastAPI-shaped body.
    const local = await safeReplicateCvm(ctx.sdk, { id: source.vm_uuid, node_id: 'x' });
    assert.equal(local.success, false);
    assert.ok(Array.isArray(local.error?.issues), 'the SDK validates node_id itself');
    const posted = await ctx.sdk.safePost(`/cvms/${source.vm_uuid}/replicas`, { node_id: 'x' });
    assert.equal(posted.success, false);
    assert.ok(posted.error instanceof ValidationError, `expected ValidationError, got ${posted.error?.constructor?.name}: ${posted.error?.message}`);
    assert.equal(posted.error.status, 422);
    assert.deepEqual(posted.error.validationErrors.map((e) => e.field), ['node_id']);
    const notAnObject = await ctx.server.api('POST', `/cvms/${source.vm_uuid}/replicas`, { body: [1] });
    assert.equal(notAnObject.status, 422, notAnObject.text);
    assert.ok(Array.isArray(notAnObject.json?.detail), notAnObject.text);

    // 404: the CVM of another workspace answers exactly like a missing one (its id cannot be probed).
    const other = await createWorkspaceWithKey(ctx.server, 'conf-other');
    const stranger = await PhalaCli.create(ctx.server, { apiKey: other.apiKey });
    try {
      expectCliError(await stranger.run(['cvms', 'replicate', source.vm_uuid]), 'ERR-03-001');
    } finally {
      await stranger.dispose();
    }
    const strangerSdk = sdkClient(ctx.server, { apiKey: other.apiKey });
    const denied = await safeReplicateCvm(strangerSdk, { id: source.vm_uuid });
    assert.equal(denied.success, false);
    assert.ok(denied.error instanceof ResourceError, `expected ResourceError, got ${denied.error?.constructor?.name}: ${denied.error?.message}`);
    assert.equal(denied.error.status, 404);
    assert.equal(denied.error.errorCode, 'ERR-03-001');

    assert.deepEqual(await snapshot(ctx.server), before, 'no refused request changed the CVMs or the nodes');
  });

  scenario('the app-scoped twin replicates a CVM of its app and refuses a CVM of another app', async () => {
    const { cvm: source } = await sharedSource();
    const before = await snapshot(ctx.server);
    const foreign = await ctx.server.api('POST', `/apps/${'0'.repeat(40)}/cvms/${source.vm_uuid}/replicas`, { body: {} });
    assert.equal(foreign.status, 400, foreign.text);
    assert.equal(foreign.json?.detail?.error_code, 'ERR-02-008', foreign.text);
    assert.deepEqual(await snapshot(ctx.server), before);

    const made = await ctx.sdk.safePost(`/apps/${source.app_id}/cvms/${source.vm_uuid}/replicas`, {});
    assert.equal(made.success, true, String(made.error?.message));
    assert.equal(made.data.app_id, source.app_id);
    assert.ok((await appCvms(ctx.server, source.app_id)).some((c) => c.vm_uuid === made.data.vm_uuid));
    await awaitNodeVmBooted(ctx.server, made.data.vm_uuid);
  });

  // Last: it fills a node.
  scenario('--node-id of a node without room is a 400 that creates nothing', async () => {
    const big = await deployCvm(ctx.sdk, { name: uniqueName('conf-big'), instanceType: 'tdx.large' });
    const bigCvm = await awaitCvmRunning(ctx.sdk, big.ref);
    const target = (await adminNodes(ctx.server)).find((n) => n.id !== bigCvm.node_info?.id) ?? (await sharedSource()).others[0];
    // Fill the target with replicas (4 vCPU each) until it refuses; it has 16 vCPU, so few are needed.
    let refusal;
    for (let i = 0; i < 5 && !refusal; i++) {
      const r = await safeReplicateCvm(ctx.sdk, { id: bigCvm.vm_uuid, node_id: target.id });
      if (r.success) {
        await awaitNodeVmBooted(ctx.server, r.data.vm_uuid);
      } else {
        refusal = r.error;
      }
    }
    assert.ok(refusal, `node ${target.name} took 5 replicas of 4 vCPU`);
    assert.equal(refusal.status, 400, refusal.message);
    assert.equal(refusal.errorCode, 'ERR-02-003', refusal.message);

    const before = await snapshot(ctx.server);
    const result = await ctx.cli.run(['cvms', 'replicate', bigCvm.vm_uuid, '--node-id', String(target.id)]);
    expectCliError(result, 'ERR-02-003');
    assert.match(result.stderr, FAILED, result.describe());
    assert.ok(result.stderr.includes(refusal.message), result.describe());
    assert.deepEqual(await snapshot(ctx.server), before);
  });
});

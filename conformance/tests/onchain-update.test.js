// Updates of an app under an on-chain KMS with the real CLI and a real anvil chain: `phala deploy --cvm-id
// --prepare-only` keeps the update under a commit token (465), the owner registers the hash, and
// `phala deploy --commit --token … --transaction-hash …` applies it; a used token is refused and changes nothing.
// A webhook receiver on the SDK's parseWebhookEvent gets cvm.update.pending_approval (never the token).
// `phala envs update`: the same env names keep the compose hash (no 465); a new name needs its hash on-chain, which the
// CLI registers itself with --private-key before its second call.
import assert from 'node:assert/strict';
import { checkAppCvmsIsAllowed, checkAppIsAllowed } from '@phala/cloud';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { OWNER_PRIVATE_KEY } from '../lib/chain.js';
import {
  awaitCvmRunning, awaitNodeVm, awaitNodeVmRecomposed, sha256Hex,
} from '../lib/cvms.js';
import { chainSetup, onchainSource } from '../lib/onchain.js';
import { guestEnv, snapshot } from '../lib/replicas.js';
import { onEveryBackend } from '../lib/suite.js';
import { waitFor } from '../lib/wait.js';
import { ReceiverProcess, registerReceiver } from '../lib/webhooks.js';

const NEW_COMPOSE = 'services:\n  web:\n    image: nginx:1.28\n    environment:\n      - GREETING=${GREETING}\n';
const SLOW = { timeout: 300_000 };

/** The JSON object a CLI run printed after its progress lines. */
function printedJson(result) {
  return JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
}

/** Waits until the simulated guest decrypted exactly `expected` (it does at boot, after the node is told). */
async function waitForGuestEnv(node, vmId, expected) {
  let seen;
  await waitFor(async () => {
    seen = await guestEnv(node, vmId).catch(() => null);
    return isDeepStrictEqual(seen, expected);
  }, { timeoutMs: 120_000, intervalMs: 250, description: `guest env ${JSON.stringify(expected)} (last ${JSON.stringify(seen)})` });
}

const state = {};
onEveryBackend('on-chain updates, anvil 31337', (ctx, scenario) => {
  scenario('deploy --cvm-id --prepare-only prints a token; after addComposeHash deploy --commit boots the new compose', async () => {
    const src = await onchainSource(ctx, state);
    const receiver = await ReceiverProcess.start();
    ctx.cleanups.push(() => receiver.stop());
    ctx.secrets.push((await registerReceiver(ctx.server, receiver)).secret);
    await fsp.writeFile(path.join(ctx.cli.home, 'work', 'new.yml'), NEW_COMPOSE);
    const before = await snapshot(ctx.server);

    const prepared = (await ctx.cli.run(['deploy', '--cvm-id', src.cvm.vm_uuid, '-c', 'new.yml',
      '-e', 'GREETING=after the commit', '--prepare-only', '--json'], { timeoutMs: 120_000 })).expectExit(0);

    const plan = printedJson(prepared);
    assert.equal(plan.prepare_only, true, prepared.describe());
    assert.equal(plan.onchain_status?.compose_hash_allowed, false, prepared.describe());
    assert.equal(plan.onchain_status?.device_id_allowed, true, prepared.describe());
    assert.equal(plan.kms_info?.chain_id, state.anvil.chainId);
    assert.match(plan.api_commit_url, /\/cvms\/[0-9a-f-]+\/commit-update$/);
    const token = plan.commit_token;
    ctx.secrets.push(token);
    const hash = plan.compose_hash.replace(/^0x/, '');
    assert.notEqual(hash, src.provision.compose_hash);
    assert.deepEqual(await snapshot(ctx.server), before, 'prepare-only changed nothing on the nodes');
    await receiver.awaitEvents(src.cvm.vm_uuid, 'cvm.update.pending_approval');
    const waiting = (await receiver.eventsOf(src.cvm.vm_uuid)).find((e) => e.event === 'cvm.update.pending_approval');
    assert.equal(waiting.data.compose_hash, hash, JSON.stringify(waiting));
    assert.equal(waiting.data.prepare_only, true);
    assert.ok(!JSON.stringify(waiting).includes(token), 'the event never carries the token');

    const appId = src.cvm.app_id;
    const pending = await ctx.server.api('GET', `/apps/${appId}/pending-updates`);
    assert.deepEqual(pending.json?.items?.map((i) => [i.compose_hash, i.on_chain]), [[hash, false]], JSON.stringify(pending.json));
    const notYet = await checkAppIsAllowed(ctx.sdk, { appId, compose_hash: plan.compose_hash });
    assert.equal(notYet.is_allowed, false, JSON.stringify(notYet));
    assert.equal(notYet.compose_hash_allowed, false);

    const tx = await state.anvil.allow(state.contracts.DstackApp, src.app, 'addComposeHash', hash);
    const allowedNow = await checkAppIsAllowed(ctx.sdk, { appId, compose_hash: plan.compose_hash });
    assert.equal(allowedNow.is_allowed, true, JSON.stringify(allowedNow));
    const batch = await checkAppCvmsIsAllowed(ctx.sdk, { appId });
    assert.equal(batch.is_onchain, true);
    assert.equal(batch.allowed_count, 1, JSON.stringify(batch));
    const committed = (await ctx.cli.run(['deploy', '--cvm-id', src.cvm.vm_uuid, '--commit', '--token', token,
      '--compose-hash', plan.compose_hash, '--transaction-hash', tx, '--json'])).expectExit(0);

    const done = printedJson(committed);
    assert.equal(done.success, true, committed.describe());
    assert.match(done.correlation_id, /^op_/, committed.describe());
    const { node, vm } = await awaitNodeVm(ctx.server, src.cvm.vm_uuid, (v) => v.status === 'running'
      && v.boot_progress === 'done' && v.configuration && sha256Hex(v.configuration.compose_file) === hash,
    'to boot with the committed compose');
    assert.equal(JSON.parse(vm.configuration.compose_file).docker_compose_file, NEW_COMPOSE);
    assert.deepEqual(await guestEnv(node, vm.id), { GREETING: 'after the commit' });
    await awaitCvmRunning(ctx.sdk, { id: src.cvm.vm_uuid });
    assert.equal((await receiver.received()).rejected, 0, 'every delivery passed the SDK check');

    const settled = await snapshot(ctx.server);
    const reused = await ctx.cli.run(['deploy', '--cvm-id', src.cvm.vm_uuid, '--commit', '--token', token,
      '--transaction-hash', tx]);
    reused.expectExit(1);
    assert.match(reused.output, /ERR-01-006|already used/, reused.describe());
    assert.deepEqual(await snapshot(ctx.server), settled, 'a used token changed nothing');
  }, SLOW);

  // In dstack the compose hash covers allowed_envs (the env's names), never the env's values: an envs update with the
  // names the compose already allows keeps the hash, so the contract has nothing new to allow.
  scenario('phala envs update with the names the compose allows keeps the compose hash: no 465, the guest boots with the new value', async () => {
    const src = await onchainSource(ctx, state);
    const kmsInfo = await ctx.server.api('GET', `/apps/${src.cvm.app_id}/kms-info`);
    assert.equal(kmsInfo.json?.deployer_address, state.anvil.owner.toLowerCase(), kmsInfo.text);
    assert.equal(kmsInfo.json?.deployer_type, 'eoa', kmsInfo.text);
    assert.equal(kmsInfo.json?.is_contract, false, kmsInfo.text);

    const result = (await ctx.cli.run(['envs', 'update', src.cvm.vm_uuid, '-e', 'GREETING=a new value, same name']))
      .expectExit(0);

    assert.match(result.output, /Environment update initiated \(correlation_id: op_[0-9a-f]+\)/, result.describe());
    const { node, vm } = await awaitNodeVm(ctx.server, src.cvm.vm_uuid, (v) => v.status === 'running'
      && v.boot_progress === 'done', 'to run');
    await waitForGuestEnv(node, vm.id, { GREETING: 'a new value, same name' });
    assert.equal(sha256Hex(vm.configuration.compose_file), src.provision.compose_hash, 'the compose hash is unchanged');
    const pending = await ctx.server.api('GET', `/apps/${src.cvm.app_id}/pending-updates`);
    assert.deepEqual(pending.json?.items, [], 'nothing waits for approval');
    await awaitCvmRunning(ctx.sdk, { id: src.cvm.vm_uuid });
  }, SLOW);

  scenario('phala envs update with a new name needs its compose hash on-chain: without a key it stops and changes nothing, with --private-key the CLI registers it and the guest boots with both', async () => {
    const src = await onchainSource(ctx, state);
    const before = await snapshot(ctx.server);
    ctx.cli.secrets.push(OWNER_PRIVATE_KEY);

    const stopped = await ctx.cli.run(['envs', 'update', src.cvm.vm_uuid, '-e', 'GREETING=two names', '-e', 'API_TOKEN=t-1']);

    stopped.expectExit(1);
    assert.match(stopped.output, /On-chain KMS requires a private key/, stopped.describe());
    assert.deepEqual(await snapshot(ctx.server), before, 'the 465 changed nothing on the nodes');
    assert.equal((await ctx.sdk.getCvmInfo({ id: src.cvm.vm_uuid })).compose_hash.replace(/^0x/, ''),
      src.provision.compose_hash, 'the CVM still runs its revision');

    const signed = (await ctx.cli.run(['envs', 'update', src.cvm.vm_uuid, '-e', 'GREETING=two names', '-e', 'API_TOKEN=t-1',
      '--private-key', OWNER_PRIVATE_KEY, '--rpc-url', state.anvil.rpcUrl], { timeoutMs: 180_000 })).expectExit(0);

    assert.match(signed.output, /registering compose hash on-chain/, signed.describe());
    assert.match(signed.output, /Environment update initiated \(correlation_id: op_[0-9a-f]+\)/, signed.describe());
    const { node, vm, compose } = await awaitNodeVmRecomposed(ctx.server, src.cvm.vm_uuid, src.provision.compose_hash);
    assert.deepEqual(compose.allowed_envs, ['GREETING', 'API_TOKEN']);
    await waitForGuestEnv(node, vm.id, { GREETING: 'two names', API_TOKEN: 't-1' });
    const pending = await ctx.server.api('GET', `/apps/${src.cvm.app_id}/pending-updates`);
    assert.deepEqual(pending.json?.items, [], 'the second phase used up the update the 465 kept');
    await awaitCvmRunning(ctx.sdk, { id: src.cvm.vm_uuid });
  }, SLOW);
}, {
  setup: async (ctx) => ({ ...(await chainSetup(31337, state)(ctx)), OPENCVM_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }),
});

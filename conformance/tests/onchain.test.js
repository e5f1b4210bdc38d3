// Replicas of an app under an on-chain KMS with the real CLI and a real anvil chain: the manual
// prepare → register → commit flow, the CLI's automatic --private-key path, and the refusals; and the app
// contract's device allowlist through `phala cvms device-allowlist` and `phala allow-devices` given the source or its
// replica, and `phala kms ethereum`.
import assert from 'node:assert/strict';
import { OWNER_PRIVATE_KEY } from '../lib/chain.js';
import { awaitCvmRunning, awaitNodeVmBooted } from '../lib/cvms.js';
import { adminNodes, findVm } from '../lib/nodes.js';
import { chainSetup, onchainSource } from '../lib/onchain.js';
import { onEveryBackend } from '../lib/suite.js';

/** The simulated nodes other than the source's, as [{id, name, device_id}]. */
async function otherNodes(ctx, source) {
  const others = (await adminNodes(ctx.server)).filter((n) => n.id !== source.commit.teepod_id);
  assert.ok(others.length >= 2, `need two other nodes: ${JSON.stringify(others)}`);
  return others;
}

/** Every VM of every node plus the CVM count: equal before and after means nothing was created. */
async function fleetSnapshot(ctx) {
  const page = await ctx.server.api('GET', '/cvms/paginated?page=1&page_size=100');
  let vms = 0;
  for (const node of await adminNodes(ctx.server)) {
    vms += (await findVmCount(node));
  }
  return `${page.json?.total}/${vms}`;
}

async function findVmCount(node) {
  const res = await fetch(`${node.vmm_url.replace(/\/+$/, '')}/prpc/Status?json`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(10_000),
  });
  return ((await res.json()).vms ?? []).length;
}

function tokenOf(result) {
  const m = /Commit Token:\s+(\S+)/.exec(result.stdout);
  assert.ok(m, `no commit token printed\n${result.describe()}`);
  return m[1];
}

function vmUuidOf(result) {
  const m = /CVM UUID:\s+([0-9a-f-]{32,36})/.exec(result.stdout);
  assert.ok(m, `no CVM UUID printed\n${result.describe()}`);
  return m[1];
}

const state31337 = {};
onEveryBackend('on-chain replicas, anvil 31337', (ctx, scenario) => {
  let source;
  const sharedSource = async () => {
    source ??= await onchainSource(ctx, state31337);
    return source;
  };

  scenario('prepare-only prints the plan and a token; after addDevice the commit creates a replica that boots', async () => {
    const src = await sharedSource();
    const [target] = await otherNodes(ctx, src);
    const before = await fleetSnapshot(ctx);

    const prepared = await ctx.cli.run(['cvms', 'replicate', src.cvm.vm_uuid, '--node-id', String(target.id), '--prepare-only']);
    prepared.expectExit(0);
    assert.match(prepared.stdout, /CVM replica prepared successfully \(pending on-chain approval\)/, prepared.describe());
    assert.match(prepared.stdout, /Compose Hash:\s+registered/, prepared.describe());
    assert.match(prepared.stdout, /Device ID:\s+NOT registered/, prepared.describe());
    assert.ok(prepared.stdout.includes(`0x${target.device_id}`), prepared.describe());
    const token = tokenOf(prepared);
    ctx.secrets.push(token);
    assert.equal(await fleetSnapshot(ctx), before, 'prepare-only created nothing');

    const tx = await state31337.anvil.allow(state31337.contracts.DstackApp, src.app, 'addDevice', target.device_id);
    const committed = await ctx.cli.run(['cvms', 'replicate', src.cvm.vm_uuid, '--commit', '--token', token,
      '--compose-hash', `0x${src.provision.compose_hash}`, '--transaction-hash', tx]);
    committed.expectExit(0);
    const replica = vmUuidOf(committed);
    const { node, vm } = await awaitNodeVmBooted(ctx.server, replica);
    assert.equal(node.id, target.id, 'the replica runs on the node the plan named');
    assert.equal(vm.app_id, src.app.slice(2).toLowerCase());
    await awaitCvmRunning(ctx.sdk, { id: replica });

    // (c) the same token again: 466, nothing created
    const settled = await fleetSnapshot(ctx);
    const reused = await ctx.cli.run(['cvms', 'replicate', src.cvm.vm_uuid, '--commit', '--token', token,
      '--compose-hash', `0x${src.provision.compose_hash}`, '--transaction-hash', tx]);
    reused.expectExit(1);
    assert.match(reused.output, /ERR-01-006|already used/, reused.describe());
    assert.equal(await fleetSnapshot(ctx), settled, 'a reused token created nothing');
  });

  scenario('a wrong compose hash is ERR-01-006 and an unknown transaction ERR-01-007; neither creates anything', async () => {
    const src = await sharedSource();
    const targets = await otherNodes(ctx, src);
    const target = targets[targets.length - 1];
    const prepared = await ctx.cli.json(['cvms', 'replicate', src.cvm.vm_uuid, '--node-id', String(target.id), '--prepare-only']);
    assert.equal(prepared.prepare_only, true, prepared.result.describe());
    const token = prepared.commitToken;
    ctx.secrets.push(token);
    await state31337.anvil.allow(state31337.contracts.DstackApp, src.app, 'addDevice', target.device_id);
    const before = await fleetSnapshot(ctx);

    const wrongHash = await ctx.cli.run(['cvms', 'replicate', src.cvm.vm_uuid, '--commit', '--token', token,
      '--compose-hash', `0x${'12'.repeat(32)}`, '--transaction-hash', 'already-registered']);
    wrongHash.expectExit(1);
    assert.match(wrongHash.output, /ERR-01-006|another compose hash/, wrongHash.describe());

    const unknownTx = await ctx.cli.run(['cvms', 'replicate', src.cvm.vm_uuid, '--commit', '--token', token,
      '--compose-hash', `0x${src.provision.compose_hash}`, '--transaction-hash', `0x${'ab'.repeat(32)}`]);
    unknownTx.expectExit(1);
    assert.match(unknownTx.output, /ERR-01-007|not a successful transaction/, unknownTx.describe());
    assert.equal(await fleetSnapshot(ctx), before, 'the refused commits created nothing');
  });

  scenario('the automatic --private-key path fails inside viem on chain 31337 (no Multicall3 in its anvil chain)', async () => {
    const src = await onchainSource(ctx, state31337); // its own contract: no other node's device is allowed
    const targets = await otherNodes(ctx, src);
    const before = await fleetSnapshot(ctx);
    ctx.cli.secrets.push(OWNER_PRIVATE_KEY);

    const auto = await ctx.cli.run(['cvms', 'replicate', src.cvm.vm_uuid, '--node-id', String(targets[0].id),
      '--private-key', OWNER_PRIVATE_KEY, '--rpc-url', state31337.anvil.rpcUrl]);

    auto.expectExit(1);
    assert.match(auto.output, /Chain "Anvil" does not support contract "multicall3"/, auto.describe());
    assert.equal(await fleetSnapshot(ctx), before, 'the failed automatic path created nothing');
  });
}, { setup: chainSetup(31337, state31337) });

const state1 = {};
onEveryBackend('on-chain replicas, anvil as chain id 1 with Multicall3', (ctx, scenario) => {
  // The group's one on-chain source and the replica `replicate --private-key` makes of it, made once.
  let made;
  const sourceAndReplica = () => {
    made ??= (async () => {
      const src = await onchainSource(ctx, state1);
      const [target] = await otherNodes(ctx, src);
      ctx.cli.secrets.push(OWNER_PRIVATE_KEY);
      const allowedBefore = await state1.anvil.deviceAllowed(state1.contracts.DstackApp, src.app, target.device_id);
      const auto = await ctx.cli.run(['cvms', 'replicate', src.cvm.vm_uuid, '--node-id', String(target.id),
        '--private-key', OWNER_PRIVATE_KEY, '--rpc-url', state1.anvil.rpcUrl], { timeoutMs: 180_000 });
      return { src, target, allowedBefore, auto };
    })();
    return made;
  };

  scenario('replicate --private-key registers the missing device by itself, commits, and the replica boots', async () => {
    const { src, target, allowedBefore, auto } = await sourceAndReplica();
    const { anvil, contracts } = state1;
    assert.equal(allowedBefore, false);

    auto.expectExit(0);
    assert.equal(await anvil.deviceAllowed(contracts.DstackApp, src.app, target.device_id), true,
      `the CLI sent addDevice itself\n${auto.describe()}`);
    const replica = vmUuidOf(auto);
    const { node } = await awaitNodeVmBooted(ctx.server, replica);
    assert.equal(node.id, target.id, 'the replica runs on the node it was asked for');
    await awaitCvmRunning(ctx.sdk, { id: replica });
    assert.equal((await findVm(ctx.server, src.cvm.vm_uuid)).length, 1, 'the source still runs once');
  }, { timeout: 240_000 });

  scenario('cvms device-allowlist and every allow-devices subcommand read and change the app contract, given the source or its replica', async () => {
    const { src, target, auto } = await sourceAndReplica();
    const replica = vmUuidOf(auto.expectExit(0));
    await awaitCvmRunning(ctx.sdk, { id: replica });
    const other = (await otherNodes(ctx, src)).find((n) => n.id !== target.id); // on no allowlist yet
    const { anvil, contracts } = state1;
    const signed = ['--private-key', OWNER_PRIVATE_KEY, '--rpc-url', anvil.rpcUrl, '--wait'];
    const run = async (args) => (await ctx.cli.run(args, { timeoutMs: 120_000 })).expectExit(0);

    for (const [role, id] of [['source', src.cvm.vm_uuid], ['replica', replica]]) {
      const allowAny = async () => (await ctx.cli.json(['cvms', 'device-allowlist', id])).allow_any_device;
      const shown = await run(['cvms', 'device-allowlist', id]);
      assert.match(shown.output, /Chain: 1\s+Contract: 0x[0-9a-fA-F]{40}/, `${role}\n${shown.describe()}`);
      assert.match(shown.output, /Allow Any Device: no/, `${role}\n${shown.describe()}`);
      for (const device of [src.provision.device_id, target.device_id]) {
        assert.ok(shown.output.includes(device), `${role}: ${device}\n${shown.describe()}`);
      }
      assert.match(shown.output, /allowed/, `${role}\n${shown.describe()}`);
      const listed = await run(['allow-devices', 'list', id, '--rpc-url', anvil.rpcUrl]);
      for (const device of [src.provision.device_id, target.device_id]) {
        assert.ok(listed.output.toLowerCase().includes(device), `${role}: ${device}\n${listed.describe()}`);
      }

      await run(['allow-devices', 'add', id, `0x${other.device_id}`, ...signed]);
      assert.equal(await anvil.deviceAllowed(contracts.DstackApp, src.app, other.device_id), true, role);
      await run(['allow-devices', 'remove', id, `0x${other.device_id}`, ...signed]);
      assert.equal(await anvil.deviceAllowed(contracts.DstackApp, src.app, other.device_id), false, role);

      await run(['allow-devices', 'allow-any', id, '--enable', ...signed]);
      assert.equal(await allowAny(), true, role);
      await run(['allow-devices', 'disallow-any', id, ...signed]);
      assert.equal(await allowAny(), false, role);
      await run(['allow-devices', 'toggle-allow-any', id, ...signed]);
      assert.equal(await allowAny(), true, role);
      await run(['allow-devices', 'toggle-allow-any', id, ...signed]); // back to the start for the next role
      assert.equal(await allowAny(), false, role);
    }
  }, { timeout: 420_000 });

  scenario('phala kms ethereum lists the chain\'s KMS contract with its devices and images', async () => {
    const chain = await ctx.cli.json(['kms', 'ethereum']);
    const contract = chain.contracts.find((c) => c.chain_id === 1);
    assert.ok(contract, chain.result.describe());
    assert.ok(Array.isArray(contract.devices) && Array.isArray(contract.os_images), chain.result.describe());
  });
}, { setup: chainSetup(1, state1) });

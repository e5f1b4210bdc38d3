// An on-chain app for scenarios that need one: anvil started before the server (whose embedded default
// then adds an on-chain KMS), and a CVM of an app whose DstackApp contract the suite owns.
import assert from 'node:assert/strict';
import { encryptEnvVars } from '@phala/cloud';
import { Anvil, compileContracts, OWNER_PRIVATE_KEY } from './chain.js';
import { awaitCvmRunning, uniqueName, COMPOSE, ENV } from './cvms.js';

const HEX64 = /^[0-9a-f]{64}$/;

/** Starts anvil (and installs Multicall3 where viem expects it) before the server; returns the server env. */
export function chainSetup(chainId, state) {
  return async (ctx) => {
    state.contracts ??= await compileContracts();
    state.anvil = await Anvil.start({ chainId });
    ctx.cleanups.push(() => state.anvil.stop());
    if (chainId !== 31337) {
      await state.anvil.installMulticall3(state.contracts.Multicall3);
    }
    ctx.secrets.push(OWNER_PRIVATE_KEY, OWNER_PRIVATE_KEY.slice(2));
    return { OPENCVM_DEV_CHAIN_RPC_URL: state.anvil.rpcUrl, OPENCVM_DEV_CHAIN_ID: String(chainId) };
  };
}

/**
 * An on-chain app through the SDK: a DstackApp owned by anvil's account 0, provision under the chain's
 * KMS naming it, the owner allows the compose hash and the node's device, commit; waits until it runs.
 */
export async function onchainSource(ctx, state) {
  const { anvil, contracts } = state;
  const app = await anvil.deployApp(contracts.DstackApp);
  const provision = await ctx.sdk.provisionCvm({
    name: uniqueName('conf-chain'),
    instance_type: 'tdx.small',
    kms_id: 'ethereum',
    app_id: app,
    compose_file: { docker_compose_file: COMPOSE, allowed_envs: ENV.map((e) => e.key) },
  });
  assert.equal(provision.kms_info?.chain_id, anvil.chainId, JSON.stringify(provision));
  assert.match(provision.compose_hash, HEX64);
  await anvil.allow(contracts.DstackApp, app, 'addComposeHash', provision.compose_hash);
  await anvil.allow(contracts.DstackApp, app, 'addDevice', provision.device_id);
  const commit = await ctx.sdk.commitCvmProvision({
    app_id: app,
    compose_hash: provision.compose_hash,
    encrypted_env: await encryptEnvVars(ENV, provision.app_env_encrypt_pubkey),
    kms_id: 'ethereum',
    contract_address: app,
    deployer_address: anvil.owner,
  });
  const cvm = await awaitCvmRunning(ctx.sdk, { id: commit.vm_uuid });
  assert.equal(cvm.kms_info?.chain_id, anvil.chainId, JSON.stringify(cvm.kms_info));
  return { app, provision, commit, cvm };
}

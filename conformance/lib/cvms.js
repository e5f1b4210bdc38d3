// Creating CVMs the way SDK users do (provision, encrypt env, commit) and watching them settle.
import { createHash, randomBytes } from 'node:crypto';
import { encryptEnvVars } from '@phala/cloud';
import { findVm, vmmGetInfo } from './nodes.js';
import { StopWaiting, waitFor } from './wait.js';

const SETTLE_TIMEOUT_MS = Number(process.env.OPENCVM_CONFORMANCE_SETTLE_TIMEOUT_MS ?? 60_000);

export const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      - GREETING=${GREETING}\n';
export const ENV = [{ key: 'GREETING', value: 'hello from the conformance suite' }];

/** A fresh CVM name (a valid hostname: letter first, no "--", at most 63 characters). */
export function uniqueName(prefix) {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function sha256Hex(text) {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Provisions and commits a CVM through the SDK with an encrypted env (`env`, allowed by default as a
 * whole). Resolves with {name, provision, commit, encryptedEnv, ref} where `ref` is the CvmIdSchema
 * input that finds it.
 */
export async function deployCvm(sdk, {
  name = uniqueName('conf'), instanceType = 'tdx.small', compose = COMPOSE, env = ENV, allowedEnvs = env.map((e) => e.key),
} = {}) {
  const provision = await sdk.provisionCvm({
    name,
    instance_type: instanceType,
    compose_file: { docker_compose_file: compose, allowed_envs: allowedEnvs },
  });
  if (!provision.app_env_encrypt_pubkey) {
    throw new Error(`provision returned no app_env_encrypt_pubkey: ${JSON.stringify(provision)}`);
  }
  const encryptedEnv = await encryptEnvVars(env, provision.app_env_encrypt_pubkey);
  const commit = await sdk.commitCvmProvision({
    app_id: provision.app_id,
    compose_hash: provision.compose_hash,
    encrypted_env: encryptedEnv,
  });
  const ref = commit.vm_uuid ? { id: commit.vm_uuid } : { app_id: provision.app_id };
  return { name, provision, commit, encryptedEnv, ref };
}

/** Polls `GET /cvms/{id}` (SDK getCvmInfo) until `accept(cvm)` holds; resolves with that CVM. */
export async function awaitCvm(sdk, ref, accept, description) {
  return waitFor(async () => {
    const cvm = await sdk.getCvmInfo(ref);
    return accept(cvm) ? cvm : false;
  }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 200, description: `CVM ${JSON.stringify(ref)} ${description}` });
}

export function awaitCvmRunning(sdk, ref) {
  return awaitCvm(sdk, ref, (c) => c.status === 'running' && Boolean(c.instance_id), 'to be running with an instance_id');
}

export function awaitCvmStatus(sdk, ref, status) {
  return awaitCvm(sdk, ref, (c) => c.status === status, `to reach status ${status}`);
}

/** Polls the nodes until exactly one VM with this uuid exists and `accept(vm)` holds: {node, vm}. */
export async function awaitNodeVm(server, vmUuid, accept, description) {
  let seen = [];
  return waitFor(async () => {
    seen = await findVm(server, vmUuid);
    if (seen.length > 1) {
      throw new StopWaiting(`${seen.length} VMs with uuid ${vmUuid} on the nodes: ${JSON.stringify(seen.map((s) => s.node.name))}`);
    }
    return seen.length === 1 && accept(seen[0].vm) ? seen[0] : false;
  }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 200, description: `node VM ${vmUuid} ${description}` });
}

export function awaitNodeVmBooted(server, vmUuid) {
  return awaitNodeVm(server, vmUuid, (vm) => vm.status === 'running' && vm.boot_progress === 'done',
    'to be running with boot_progress done');
}

/** Polls the nodes until no node has a VM with this uuid. */
export async function awaitNodeVmGone(server, vmUuid) {
  await waitFor(async () => (await findVm(server, vmUuid)).length === 0,
    { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 200, description: `node VM ${vmUuid} to be removed from every node` });
}

/** A CVM deployed through the SDK (`deployCvm`) and running: {deployed, cvm}. */
export async function runningCvm(sdk, prefix) {
  const deployed = await deployCvm(sdk, { name: uniqueName(prefix) });
  const cvm = await awaitCvmRunning(sdk, deployed.ref);
  return { deployed, cvm };
}

/** The CVM's VM once it has booted with a compose whose hash is not `oldHash`: {node, vm, compose}. */
export async function awaitNodeVmRecomposed(server, vmUuid, oldHash) {
  const { node, vm } = await awaitNodeVm(server, vmUuid, (v) => v.status === 'running' && v.boot_progress === 'done'
    && v.configuration && sha256Hex(v.configuration.compose_file) !== oldHash, 'to boot with a new compose');
  const info = await vmmGetInfo(node.vmm_url, vm.id);
  return { node, vm, compose: JSON.parse(info.info.configuration.compose_file) };
}

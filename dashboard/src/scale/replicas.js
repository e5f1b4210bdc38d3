// Requesting replicas and following them: one Idempotency-Key per replica, kept for its retries, so a
// request that timed out and is sent again never makes a second replica.
import { ApiError, idempotencyKey, post } from '../api.js';

/** A replica the dialog asks for: `{index, key, phase, vm, prepared, error, live}`. */
export function newReplica(index) {
  return { index, key: idempotencyKey(), phase: 'waiting', vm: null, prepared: null, error: null, live: null };
}

/**
 * POST /cvms/{source}/replicas. Resolves with the replica's next state: `created` (the VM record),
 * `prepared` (a 465: the plan and its commit token), or `failed` (the server's refusal).
 */
export async function requestReplica(replica, { sourceRef, nodeId, prepareOnly }) {
  const headers = { 'Idempotency-Key': replica.key };
  if (prepareOnly) {
    headers['X-Prepare-Only'] = 'true';
  }
  try {
    const vm = await post(`/api/v1/cvms/${encodeURIComponent(sourceRef)}/replicas`,
      nodeId == null ? {} : { node_id: nodeId }, headers);
    return { ...replica, phase: 'created', vm, error: null };
  } catch (err) {
    if (err instanceof ApiError && err.status === 465) {
      return { ...replica, phase: 'prepared', prepared: { message: err.message, ...err.fields() }, error: null };
    }
    // A refusal (4xx) is final for this key, which replays it; a lost answer or a 5xx may be retried with it.
    const retryable = !(err instanceof ApiError) || err.status >= 500;
    return { ...replica, phase: 'failed', error: err.message, retryable };
  }
}

/** POST /cvms/{source}/commit-replica with the 465's token: the replica is created now. */
export async function commitReplica(replica, { sourceRef, transactionHash }) {
  try {
    const vm = await post(`/api/v1/cvms/${encodeURIComponent(sourceRef)}/commit-replica`, {
      token: replica.prepared.commit_token,
      compose_hash: replica.prepared.compose_hash,
      transaction_hash: transactionHash,
    });
    return { ...replica, phase: 'created', vm, error: null };
  } catch (err) {
    return { ...replica, error: err.message };
  }
}

/** Statuses of the created replicas (POST /status/batch), keyed by vm_uuid. */
export function batchStatus(vmUuids) {
  return post('/api/v1/status/batch', { vm_uuids: vmUuids });
}

export function settled(replica) {
  const status = replica.live?.status ?? replica.vm?.status;
  return replica.phase !== 'created' || status === 'running' || status === 'failed' || status === 'deleted';
}

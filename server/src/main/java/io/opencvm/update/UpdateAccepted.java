package io.opencvm.update;

/**
 * An update that was recorded and whose operation is queued: {@code correlationId} is the operation's public id;
 * {@code allowedEnvsChanged} says whether the compose's {@code allowed_envs} changed with it.
 */
record UpdateAccepted(String correlationId, String composeHash, boolean allowedEnvsChanged) {
}

package io.opencvm.update;

import io.opencvm.kms.KmsInfo;

/** The answer of {@code POST /cvms/{id}/compose_file/provision}: the new compose's hash and what an on-chain app needs. */
record ComposeProvisioned(String appId, String deviceId, String composeHash, KmsInfo kmsInfo, boolean registered) {
}

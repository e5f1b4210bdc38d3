package io.opencvm.kms;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /kms/{kms}/pubkey/{app_id}}: strict, exactly {@code public_key} and {@code signature} (hex). */
record EnvPublicKeyResponse(@JsonProperty("public_key") String publicKey, String signature) {

    static EnvPublicKeyResponse of(EnvPublicKey key) {
        return new EnvPublicKeyResponse(key.publicKey(), key.signature());
    }
}

package io.opencvm.sshkey;

import java.util.Map;

/** {@code SshKeyResponse}: the key of a user, with its owner's public id. */
record SshKeyView(String id, String user_id, String name, String public_key, String fingerprint, String key_type,
                  String source, Map<String, Object> key_metadata, String last_synced_at, String created_at,
                  String updated_at) {

    static SshKeyView of(SshKey k, String userPublicId) {
        return new SshKeyView(k.publicId(), userPublicId, k.name(), k.publicKey(), k.fingerprint(), k.keyType(),
                k.source(), k.bits() == null ? null : Map.of("bits", k.bits()),
                k.lastSyncedAt() == null ? null : k.lastSyncedAt().toString(), k.createdAt().toString(),
                k.updatedAt().toString());
    }
}

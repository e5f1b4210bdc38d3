package io.opencvm.sshkey;

import java.time.Instant;

/** A stored key of one user; {@code pk} is internal, {@code publicId} ({@code sshkey_…}) is shown. */
record SshKey(long pk, String publicId, long userId, String name, String publicKey, String fingerprint, String keyType,
              Integer bits, String source, Instant lastSyncedAt, Instant createdAt, Instant updatedAt) {

    static final String MANUAL = "manual";
    static final String GITHUB = "github";
}

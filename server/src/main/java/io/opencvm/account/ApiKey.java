package io.opencvm.account;

import java.time.Instant;

/** An API key as operators see it: never the key itself, only its display prefix. */
public record ApiKey(String publicId, String name, String prefix, String username, String workspaceSlug,
                     Instant createdAt, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}

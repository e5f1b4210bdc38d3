package io.opencvm.account;

import io.opencvm.api.Tenancy;
import java.time.Instant;

/** An API key as operators and workspace admins see it: never the key itself, only its display prefix. */
public record ApiKey(String publicId, String name, String prefix, String username, long workspaceId,
                     String workspaceSlug, Instant createdAt, Instant revokedAt) implements Tenancy.Owned {

    public boolean revoked() {
        return revokedAt != null;
    }
}

package io.opencvm.app;

import io.opencvm.api.Tenancy;
import java.time.Instant;

/**
 * An app: the identity all its CVMs share. {@code appId} is 40 lower-case hex characters (no
 * {@code 0x}); {@code envPubkey} is the KMS's X25519 key for the app's encrypted env.
 */
public record App(long pk, String publicId, String appId, long workspaceId, long creatorUserId, String name,
                  Long kmsPk, String kmsType, String envPubkey, Instant createdAt) implements Tenancy.Owned {
}

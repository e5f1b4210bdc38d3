package io.opencvm.onchain;

import java.time.Instant;

/** A prepared change as stored under its token's hash: when it was kept, until when, and when it was used. */
public record StoredChange(long id, PreparedChange change, Instant createdAt, Instant expiresAt, Instant usedAt) {
}

package io.opencvm.account;

import java.time.Instant;

/** A workspace (Phala "team"): owns apps and CVMs. {@code pk} is internal; {@code publicId} is shown. */
public record Workspace(long pk, String publicId, String name, String slug, String tier, Instant createdAt) {
}

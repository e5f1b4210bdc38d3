package io.opencvm.account;

import java.time.Instant;

/** A person or robot that holds API keys. {@code pk} is internal; {@code publicId} is shown. */
public record User(long pk, String publicId, String username, String email, UserRole role, Instant createdAt) {
}

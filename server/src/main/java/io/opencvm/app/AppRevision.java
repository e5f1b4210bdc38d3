package io.opencvm.app;

import java.time.Instant;

/** One compose of an app: the exact app-compose.json text; {@code composeHash} = sha256 of its UTF-8 bytes. */
public record AppRevision(long id, long appPk, String composeHash, String composeFile, Instant createdAt) {
}

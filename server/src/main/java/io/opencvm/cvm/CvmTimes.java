package io.opencvm.cvm;

import java.time.Instant;

/** When a CVM was created, last changed and deleted (null while live). */
public record CvmTimes(Instant createdAt, Instant updatedAt, Instant deletedAt) {
}

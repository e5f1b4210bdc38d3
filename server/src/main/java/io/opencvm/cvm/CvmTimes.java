package io.opencvm.cvm;

import java.time.Instant;

/**
 * When a CVM was created, last changed and deleted (null while live), and when its owner asked it to be deleted
 * ({@code PATCH /cvms/{id}/scheduled-delete}; null: never).
 */
public record CvmTimes(Instant createdAt, Instant updatedAt, Instant deletedAt, Instant scheduledDeleteAt) {
}

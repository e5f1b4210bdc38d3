/**
 * The durable queue of node operations: enqueued in the caller's transaction (the caller passes the
 * generation of the change an operation carries out), claimed by workers with a lease and a fencing token,
 * retried by a bounded policy. What an operation does is the handler's business
 * ({@link io.opencvm.operation.OperationHandler}); this package knows CVMs only by id and reads no table but
 * {@code operations}.
 */
package io.opencvm.operation;

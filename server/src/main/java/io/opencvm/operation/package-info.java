/**
 * The durable queue of node operations: enqueued in the caller's transaction, claimed by workers with
 * a lease and a fencing token, retried by a bounded policy. What an operation does is the handler's
 * business ({@link io.opencvm.operation.OperationHandler}); this package knows no node and no CVM row.
 */
package io.opencvm.operation;

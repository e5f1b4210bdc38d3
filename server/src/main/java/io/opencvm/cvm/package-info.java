/**
 * CVMs: provision and commit, id resolution, the per-version JSON shapes, power actions, the status
 * state machine, the handler that carries out their node operations, and the reconciler that follows
 * what each node reports. Also serves {@code /apps}, which is a view of CVMs grouped by app.
 */
package io.opencvm.cvm;

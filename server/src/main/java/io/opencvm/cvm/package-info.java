/**
 * CVMs: id resolution, the per-version JSON shapes, power actions and delete, the status state machine,
 * the handler that carries out their node operations, and the reconciler that follows what each node
 * reports. Also answers the app feature's questions about an app's CVMs ({@code AppInstances}).
 */
package io.opencvm.cvm;

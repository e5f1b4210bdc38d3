package io.opencvm.cvm;

/**
 * What is wanted of a CVM ({@code desired}, written by the API only, each change one {@code generation} more),
 * what the node last reported ({@code observed}, written by the reconciler only), and the status users see,
 * derived from both by {@link CvmStatusRule}.
 */
public record CvmState(DesiredState desired, CvmStatus status, Observation observed, int generation) {
}

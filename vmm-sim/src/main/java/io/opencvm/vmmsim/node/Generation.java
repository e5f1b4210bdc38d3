package io.opencvm.vmmsim.node;

/**
 * Which dstack-vmm release family the simulated node behaves like. {@code V0_5} is v0.5.7–v0.5.11: only
 * {@code /logs} is token-guarded, auto-restart retries every tick forever, no {@code VmInfo.interfaces}.
 * {@code HEAD} is 0.6.0: auth on every route, exponential restart backoff with a retry budget.
 */
public enum Generation {
    V0_5,
    HEAD
}

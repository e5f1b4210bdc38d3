/** Injected time: a real scheduler for standalone runs and a settable, drainable one for deterministic tests. */
package io.opencvm.vmmsim.time;

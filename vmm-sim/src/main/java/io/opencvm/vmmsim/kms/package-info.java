/** The simulated dstack-kms: per-app env keys, signed public keys, and the boot authorization policies. */
package io.opencvm.vmmsim.kms;

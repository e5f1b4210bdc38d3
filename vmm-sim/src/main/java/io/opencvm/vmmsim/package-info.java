/** A dstack-vmm node and dstack-kms simulator that speak the real pRPC wire protocol over loopback HTTP. */
package io.opencvm.vmmsim;

/** The dstack-vmm pRPC client: the only door from the control plane to a node. */
package io.opencvm.vmm;

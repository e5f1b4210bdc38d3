/** The simulated dstack-vmm: VM records, derived status, the simulated guest boot and the Vmm RPC methods. */
package io.opencvm.vmmsim.node;

/** opencvm: a self-hosted control plane for Confidential VMs on dstack nodes, speaking the Phala Cloud API. */
package io.opencvm;

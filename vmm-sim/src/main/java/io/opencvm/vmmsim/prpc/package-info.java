/** The pRPC-over-HTTP transport shared by the node and KMS simulators: paths, JSON mode, hex bytes, 400 error bodies. */
package io.opencvm.vmmsim.prpc;

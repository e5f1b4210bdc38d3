/**
 * What chains and KMSs say, read-only and as the caller's workspace may see it: an app's device allowlist from its
 * DstackApp contract, a chain's KMS contracts with the devices and OS images of their nodes, one KMS inspected, and
 * the app-id prediction of the published API. A chain or KMS that does not answer gives the reason in the answer.
 */
package io.opencvm.chainview;

/**
 * Replicate CVM: another instance of an app's CVM on a chosen node — planning, placement, the on-chain
 * KMS gate with prepare/commit tokens, and Idempotency-Key.
 */
package io.opencvm.replica;

/**
 * The on-chain gate every flow that puts an app's compose hash on a node goes through (replicate, new instance,
 * update): ask the app contract, answer 465 with the details the clients read, keep the prepared change under a
 * one-time commit token, and on commit check the named transaction and read the contract again.
 */
package io.opencvm.onchain;

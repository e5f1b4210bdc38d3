/**
 * Create-a-CVM in two steps: {@code POST /cvms/provision} builds and hashes the app compose and picks the
 * node, image and KMS; {@code POST /cvms} commits a provision into app, revision and CVM (the on-chain
 * KMS gate first, when the app's KMS is contract-owned).
 */
package io.opencvm.provision;

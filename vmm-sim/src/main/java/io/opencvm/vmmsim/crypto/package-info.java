/** dstack's key derivation, env encryption and recoverable secp256k1 signatures, built on the JDK and BouncyCastle. */
package io.opencvm.vmmsim.crypto;

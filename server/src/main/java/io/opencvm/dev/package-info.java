/** The embedded default: a development KMS and simulated dstack nodes on loopback, off in production. */
package io.opencvm.dev;

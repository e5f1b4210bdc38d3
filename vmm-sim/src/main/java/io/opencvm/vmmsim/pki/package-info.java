/** The simulator's certificates: deterministic P-256 keys, X.509 building, PEM, and the simulated TDX PKI. */
package io.opencvm.vmmsim.pki;

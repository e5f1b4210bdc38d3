/** Simulated TDX: boot measurements and event logs, RA-TLS conventions, and quotes in Intel's v4 layout. */
package io.opencvm.vmmsim.tdx;

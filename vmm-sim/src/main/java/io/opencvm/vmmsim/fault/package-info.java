/** Fault switches of a simulated node or KMS, settable at run time from Java or through the {@code /test/…} routes. */
package io.opencvm.vmmsim.fault;

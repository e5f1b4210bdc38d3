package io.opencvm.vmmsim.guest;

import java.time.Instant;

/**
 * One line of a simulated log, ending in {@code \n}.
 *
 * @param seq position in its channel, counting from 0 and never reused
 * @param stream {@code stdout} or {@code stderr} (container logs); {@code serial} etc. for VM channels
 */
public record LogLine(long seq, Instant at, String stream, String text) {
}

package io.opencvm.vmmsim.node;

/**
 * One guest OS image in the node's image directory.
 *
 * @param name directory name, e.g. {@code dstack-0.5.4}
 * @param version the image's {@code metadata.json} version
 * @param osImageHash 64 hex, the image's {@code digest.txt}: what the on-chain {@code allowedOsImages} lists
 */
public record NodeImage(String name, String version, boolean isDev, String osImageHash) {
}

package io.opencvm.update;

import io.opencvm.node.NodeImage;
import io.opencvm.node.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of the OS images a CVM can move to, as {@code available-os-images} lists it: the version's numbers and
 * its production and development builds (each null when the node has none). A build's slug is its name here.
 */
record AvailableImage(List<Integer> version, Variant prod, Variant dev) {

    record Variant(String name, String slug, String osImageHash, boolean isCurrent) {
    }

    /** The node's images grouped by version, newest first; {@code current} is the CVM's image. */
    static List<AvailableImage> of(List<NodeImage> images, String current) {
        Map<String, List<NodeImage>> byVersion = new LinkedHashMap<>();
        images.stream().sorted(Comparator.comparing((NodeImage i) -> Placement.versionKey(i.version()), Arrays::compare)
                        .reversed().thenComparing(NodeImage::name))
                .forEach(i -> byVersion.computeIfAbsent(i.version(), v -> new ArrayList<>()).add(i));
        List<AvailableImage> out = new ArrayList<>();
        byVersion.forEach((version, builds) -> out.add(new AvailableImage(
                Arrays.stream(Placement.versionKey(version)).boxed().limit(4).toList(),
                variant(builds, false, current), variant(builds, true, current))));
        return out;
    }

    private static Variant variant(List<NodeImage> builds, boolean dev, String current) {
        return builds.stream().filter(b -> b.isDev() == dev).findFirst()
                .map(b -> new Variant(b.name(), b.name(), b.osImageHash(), b.name().equals(current))).orElse(null);
    }
}

package io.opencvm.replica;

import java.util.function.Predicate;

/** Replica names: {@code <source name>-replica-<n>} with the smallest free n, kept within 63 characters. */
final class ReplicaNames {

    static final int MAX_LENGTH = 63;

    private ReplicaNames() {
    }

    /** The name of replica {@code n} of {@code sourceName}: the source's name cut so that the suffix fits. */
    static String name(String sourceName, int n) {
        String suffix = "-replica-" + n;
        String base = sourceName.length() + suffix.length() > MAX_LENGTH
                ? sourceName.substring(0, MAX_LENGTH - suffix.length()).replaceAll("-+$", "")
                : sourceName;
        return base + suffix;
    }

    /** The smallest n ≥ {@code from} whose name is not {@code taken}. */
    static int firstFree(String sourceName, int from, Predicate<String> taken) {
        int n = from;
        while (taken.test(name(sourceName, n))) {
            n++;
        }
        return n;
    }
}

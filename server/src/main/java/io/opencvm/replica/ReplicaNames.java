package io.opencvm.replica;

import java.util.function.Predicate;

/** Replica names: {@code <source name>-replica-<n>} with the smallest free n, kept within 63 characters. */
final class ReplicaNames {

    static final int MAX_LENGTH = 63;

    private ReplicaNames() {
    }

    static String next(String sourceName, Predicate<String> taken) {
        for (int n = 1; ; n++) {
            String suffix = "-replica-" + n;
            String base = sourceName.length() + suffix.length() > MAX_LENGTH
                    ? sourceName.substring(0, MAX_LENGTH - suffix.length()).replaceAll("-+$", "")
                    : sourceName;
            String candidate = base + suffix;
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
    }
}

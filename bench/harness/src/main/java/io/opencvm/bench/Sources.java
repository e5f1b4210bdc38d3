package io.opencvm.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The source CVMs made at setup, handed out fresh for every run: a replica's cost depends on how many
 * replicas its source already has, so no run starts from another run's leftovers.
 */
final class Sources {

    private final List<String> vmUuids;
    private int next;

    Sources(List<String> vmUuids) {
        this.vmUuids = vmUuids;
    }

    synchronized List<String> take(int n) {
        if (next + n > vmUuids.size()) {
            throw new IllegalStateException("out of fresh sources: " + vmUuids.size() + " made, " + (next + n) + " needed");
        }
        List<String> out = new ArrayList<>(vmUuids.subList(next, next + n));
        next += n;
        return out;
    }

    static List<String> replicatePaths(List<String> sources) {
        return sources.stream().map(s -> "/api/v1/cvms/" + s + "/replicas").toList();
    }
}

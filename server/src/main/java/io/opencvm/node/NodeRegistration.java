package io.opencvm.node;

import java.util.Set;

/**
 * Everything an operator declares about a node. Registering the same {@code name} again updates the
 * node in place; capacity is in vCPUs, MB, GB and CVM slots. {@code deviceId} (64 hex) is kept when
 * null, because real dstack-vmm does not report one.
 */
public record NodeRegistration(String name, String vmmUrl, String vmmToken, String region, boolean listed,
                               boolean openToAll, Set<String> workspaceSlugs, String kmsSlug, Resources capacity,
                               String deviceId) {

    public NodeRegistration {
        workspaceSlugs = workspaceSlugs == null ? Set.of() : Set.copyOf(workspaceSlugs);
    }

    @Override
    public String toString() {
        return "NodeRegistration[" + name + " " + vmmUrl + " " + capacity + "]"; // never the VMM token
    }
}

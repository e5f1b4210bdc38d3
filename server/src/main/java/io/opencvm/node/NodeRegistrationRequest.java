package io.opencvm.node;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.opencvm.api.Fields;
import java.util.Set;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A node registration as JSON ({@code POST /admin/nodes} and the nodes file), snake_case keys.
 * Capacity comes flat ({@code vcpu, memory_mb, disk_gb, slots}) or as {@code capacity: {…}};
 * {@code listed} defaults to true and {@code open_to_all} to "no workspaces named".
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record NodeRegistrationRequest(String name, String vmmUrl, String vmmToken, String region, Boolean listed,
                               Boolean openToAll, @JsonAlias("workspace_slugs") Set<String> workspaces,
                               @JsonAlias("kms_slug") String kms, Integer vcpu, Integer memoryMb, Integer diskGb,
                               Integer slots, CapacityBody capacity, String deviceId) {

    NodeRegistration toRegistration() {
        CapacityBody c = capacity != null ? capacity : new CapacityBody(vcpu, memoryMb, diskGb, slots);
        Fields body = Fields.of("body");
        body.required("vcpu", c.vcpu());
        body.required("memory_mb", c.memoryMb());
        body.required("disk_gb", c.diskGb());
        body.required("slots", c.slots());
        body.throwIfAny();
        Set<String> slugs = workspaces == null ? Set.of() : workspaces;
        return new NodeRegistration(name, vmmUrl, vmmToken, region, listed == null || listed,
                openToAll != null ? openToAll : slugs.isEmpty(), slugs, kms,
                new Resources(c.vcpu(), c.memoryMb(), c.diskGb(), c.slots()), deviceId);
    }

    @Override
    public String toString() {
        return "NodeRegistrationRequest[" + name + " " + vmmUrl + "]"; // never the VMM token
    }
}

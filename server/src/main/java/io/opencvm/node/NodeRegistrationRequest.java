package io.opencvm.node;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.opencvm.api.ValidationProblem;
import java.util.ArrayList;
import java.util.List;
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
        List<ValidationProblem.Item> missing = new ArrayList<>();
        require("vcpu", c.vcpu(), missing);
        require("memory_mb", c.memoryMb(), missing);
        require("disk_gb", c.diskGb(), missing);
        require("slots", c.slots(), missing);
        if (!missing.isEmpty()) {
            throw new ValidationProblem(missing);
        }
        Set<String> slugs = workspaces == null ? Set.of() : workspaces;
        return new NodeRegistration(name, vmmUrl, vmmToken, region, listed == null || listed,
                openToAll != null ? openToAll : slugs.isEmpty(), slugs, kms, c.vcpu(), c.memoryMb(), c.diskGb(),
                c.slots(), deviceId);
    }

    private static void require(String field, Integer value, List<ValidationProblem.Item> missing) {
        if (value == null) {
            missing.add(new ValidationProblem.Item(List.of("body", field), "Field required", "missing", null));
        }
    }
}

package io.opencvm.node;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Node capacity as JSON: {@code {vcpu, memory_mb, disk_gb, slots}}; a missing key is null. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CapacityBody(Integer vcpu, Integer memoryMb, Integer diskGb, Integer slots) {

    static CapacityBody of(Resources r) {
        return new CapacityBody(r.vcpu(), r.memoryMb(), r.diskGb(), r.slots());
    }
}

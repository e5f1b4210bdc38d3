package io.opencvm.provision;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The instance types of this installation ({@code opencvm.instance-types} in the configuration; the defaults are
 * in application.yml): what {@code GET /instance-types} lists and what a provision's {@code instance_type} sizes
 * the CVM by. A table that names a type twice or whose default is not in it stops the server at start.
 */
@ConfigurationProperties("opencvm.instance-types")
record InstanceTypeTable(List<InstanceType> types, String defaultType) {

    InstanceTypeTable {
        types = List.copyOf(types == null ? List.of() : types);
        if (types.isEmpty()) {
            throw new IllegalArgumentException("opencvm.instance-types.types is empty");
        }
        if (types.stream().map(InstanceType::id).filter(new HashSet<>()::add).count() != types.size()) {
            throw new IllegalArgumentException("opencvm.instance-types.types names a type twice");
        }
        String fallback = defaultType == null ? types.get(0).id() : defaultType;
        if (types.stream().noneMatch(t -> t.id().equals(fallback))) {
            throw new IllegalArgumentException("opencvm.instance-types.default-type " + fallback + " is not in the table");
        }
        defaultType = fallback;
    }

    Optional<InstanceType> byId(String id) {
        return types.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** What a provision that names neither a type nor vCPU and memory gets. */
    InstanceType byDefault() {
        return byId(defaultType).orElseThrow();
    }

    List<String> families() {
        return types.stream().map(InstanceType::family).distinct().toList();
    }

    List<InstanceType> ofFamily(String family) {
        return types.stream().filter(t -> t.family().equals(family)).toList();
    }
}

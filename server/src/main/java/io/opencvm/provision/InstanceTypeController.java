package io.opencvm.provision;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The instance types provisioning accepts, as the catalogue shows them (both levels strict: no keys beyond the
 * published ones). The table ({@link InstanceTypeTable}) is the one {@link ProvisionRequest} sizes CVMs by.
 */
@RestController
@RequestMapping("/api/v1")
class InstanceTypeController {

    private final InstanceTypeTable table;

    InstanceTypeController(InstanceTypeTable table) {
        this.table = table;
    }

    @GetMapping("/instance-types")
    Map<String, Object> all() {
        return Map.of("result", table.families().stream().map(family -> {
            List<Map<String, Object>> items = itemsOf(family);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", family);
            m.put("items", items);
            m.put("total", items.size());
            return m;
        }).toList());
    }

    @GetMapping("/instance-types/{family}")
    Map<String, Object> family(@PathVariable String family) {
        List<Map<String, Object>> items = itemsOf(family);
        if (items.isEmpty()) {
            throw new ApiException(ErrorCode.INSTANCE_TYPE_NOT_FOUND, "No instance type family " + family);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", items);
        m.put("total", items.size());
        m.put("family", family);
        return m;
    }

    private List<Map<String, Object>> itemsOf(String family) {
        return table.ofFamily(family).stream().map(InstanceTypeController::item).toList();
    }

    private static Map<String, Object> item(InstanceType t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.id());
        m.put("description", t.description());
        m.put("vcpu", t.vcpu());
        m.put("memory_mb", t.memoryMb());
        m.put("hourly_rate", t.hourlyRate());
        m.put("requires_gpu", t.requiresGpu());
        m.put("default_disk_size_gb", t.defaultDiskGb());
        m.put("family", t.family());
        return m;
    }
}

package io.opencvm.update;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.JsonBody;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code PATCH /cvms/{id}/resources} body: new vCPUs, memory (MB) and disk (GB), each null when kept, and
 * whether the CVM may restart for it. The CLI sends {@code allow_restart} as 0 or 1, the SDK as a boolean; other keys
 * (the SDK sends its id fields too) are ignored.
 */
record ResizeRequest(Integer vcpu, Integer memoryMb, Integer diskGb, boolean allowRestart) {

    static ResizeRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        Long vcpu = body.between("vcpu", body.integer("vcpu"), 1, 1024);
        Long memory = body.between("memory", body.integer("memory"), 1, 16 * 1024 * 1024);
        Long disk = body.between("disk_size", body.integer("disk_size"), 1, 64 * 1024);
        JsonNode raw = json.get("allow_restart");
        Boolean restart;
        if (raw != null && raw.isNumber()) {
            Long flag = body.between("allow_restart", body.integer("allow_restart"), 0, 1);
            restart = flag == null ? null : flag == 1;
        } else {
            restart = body.bool("allow_restart");
        }
        body.string("instance_type");
        body.throwIfAny();
        if (json.get("instance_type") != null && !json.get("instance_type").isNull()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "This server resizes by vcpu, memory and disk_size;"
                    + " instance_type cannot be changed");
        }
        if (vcpu == null && memory == null && disk == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "At least one of vcpu, memory and disk_size is required");
        }
        return new ResizeRequest(toInt(vcpu), toInt(memory), toInt(disk), restart != null && restart);
    }

    private static Integer toInt(Long value) {
        return value == null ? null : value.intValue();
    }
}

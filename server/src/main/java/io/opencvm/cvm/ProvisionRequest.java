package io.opencvm.cvm;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.app.AppCompose;
import io.opencvm.app.AppService;
import io.opencvm.node.Resources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** A parsed {@code POST /cvms/provision} body: shape problems are 422s, meaning problems 400s. */
record ProvisionRequest(String name, AppCompose.Spec compose, Long nodeId, InstanceType instanceType,
                        Resources resources, String image, String kmsId, String kmsType, String appId, boolean listed) {

    /** The SDK's {@code kms} enum, lower-cased to the {@code kms_type} it names. */
    static final List<String> KMS_TYPES = List.of("phala", "ethereum", "base");

    static final Pattern HOSTNAME = Pattern.compile("^[a-zA-Z](?!.*--)([a-zA-Z0-9-]*[a-zA-Z0-9])?$");
    static final int MAX_COMPOSE_BYTES = 200 * 1024;

    static ProvisionRequest parse(JsonNode body) {
        BodyFields f = BodyFields.of(body, false);
        String name = f.requiredString("name");
        checkName(f, name);
        BodyFields cf = f.requiredObject("compose_file");
        String docker = cf == null ? null : cf.optionalString("docker_compose_file");
        String script = cf == null ? null : cf.optionalString("pre_launch_script");
        List<String> envs = cf == null ? null : cf.optionalStrings("allowed_envs");
        String composeName = cf == null ? null : cf.optionalString("name");
        Boolean gateway = cf == null ? null : cf.optionalBoolean("gateway_enabled");
        Boolean tproxy = cf == null ? null : cf.optionalBoolean("tproxy_enabled");
        Boolean logs = cf == null ? null : cf.optionalBoolean("public_logs");
        Boolean sysinfo = cf == null ? null : cf.optionalBoolean("public_sysinfo");
        Boolean tcbinfo = cf == null ? null : cf.optionalBoolean("public_tcbinfo");
        if (cf != null) {
            cf.optionalBoolean("kms_enabled");
        }
        Integer nodeId = f.optionalInt("node_id");
        Integer teepodId = f.optionalInt("teepod_id");
        String type = f.optionalString("instance_type");
        Integer vcpu = positive(f, "vcpu");
        Integer memory = positive(f, "memory");
        Integer disk = positive(f, "disk_size");
        String image = f.optionalString("image");
        String kmsId = f.optionalString("kms_id");
        String kms = f.optionalString("kms");
        if (kms != null && !KMS_TYPES.contains(kms.toLowerCase(Locale.ROOT))) {
            f.problem("kms", "Input should be 'PHALA', 'ETHEREUM' or 'BASE'", "enum");
        }
        String appId = f.optionalString("app_id");
        Boolean listed = f.optionalBoolean("listed");
        f.validate();

        if (docker == null || docker.isBlank()) {
            throw new ApiException(ErrorCode.COMPOSE_FILE_REQUIRED, "compose_file.docker_compose_file is required");
        }
        int size = docker.getBytes(StandardCharsets.UTF_8).length
                + (script == null ? 0 : script.getBytes(StandardCharsets.UTF_8).length);
        if (size > MAX_COMPOSE_BYTES) {
            throw new ApiException(ErrorCode.INVALID_COMPOSE_FILE, "docker_compose_file and pre_launch_script together are "
                    + size + " bytes; at most " + MAX_COMPOSE_BYTES + " are allowed");
        }
        String normalizedAppId = null;
        if (appId != null) {
            normalizedAppId = AppService.normalizeAppId(appId).orElseThrow(() -> new ApiException(ErrorCode.INVALID_REQUEST,
                    "app_id must be 40 hex characters (optionally prefixed with 0x)"));
        }
        InstanceType instanceType = type == null ? null : InstanceType.byId(type).orElseThrow(() ->
                new ApiException(ErrorCode.INSTANCE_TYPE_NOT_FOUND, "Instance type " + type + " not found"));
        InstanceType base = instanceType != null ? instanceType
                : (vcpu == null && memory == null ? InstanceType.SMALL : null);
        Resources resources = Resources.ofCvm(vcpu != null ? vcpu : base != null ? base.vcpu() : 1,
                memory != null ? memory : base != null ? base.memoryMb() : InstanceType.SMALL.memoryMb(),
                disk != null ? disk : InstanceType.DEFAULT_DISK_GB);
        AppCompose.Spec spec = new AppCompose.Spec(composeName == null || composeName.isEmpty() ? name : composeName,
                docker, script, envs == null ? List.of() : envs, gateway != null ? gateway : tproxy == null || tproxy,
                logs == null || logs, sysinfo == null || sysinfo, tcbinfo == null || tcbinfo);
        Long node = nodeId != null ? Long.valueOf(nodeId) : teepodId != null ? Long.valueOf(teepodId) : null;
        return new ProvisionRequest(name, spec, node, base, resources, image, kmsId,
                kms == null ? null : kms.toLowerCase(Locale.ROOT), normalizedAppId, listed != null && listed);
    }

    private static void checkName(BodyFields f, String name) {
        if (name == null) {
            return;
        }
        if (name.length() < 5) {
            f.problem("name", "String should have at least 5 characters", "string_too_short");
        } else if (name.length() > 63) {
            f.problem("name", "String should have at most 63 characters", "string_too_long");
        } else if (!HOSTNAME.matcher(name).matches()) {
            f.problem("name", "String should match pattern '" + HOSTNAME.pattern() + "'", "string_pattern_mismatch");
        }
    }

    private static Integer positive(BodyFields f, String field) {
        Integer value = f.optionalInt(field);
        if (value != null && value <= 0) {
            f.problem(field, "Input should be greater than 0", "greater_than");
            return null;
        }
        return value;
    }
}

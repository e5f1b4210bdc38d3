package io.opencvm.provision;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.JsonBody;
import io.opencvm.app.AppCompose;
import io.opencvm.app.AppId;
import io.opencvm.cvm.Cvm;
import io.opencvm.node.NodeRef;
import io.opencvm.node.Resources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A parsed {@code POST /cvms/provision} body: shape problems are 422s, meaning problems 400s. */
record ProvisionRequest(String name, AppCompose.Spec compose, Long nodeId, InstanceType instanceType,
                        Resources resources, String image, String kmsId, String kmsType, AppId appId, boolean listed) {

    /** The SDK's {@code kms} enum, and the {@code kms_type} each names. */
    static final List<String> KMS_CHOICES = List.of("PHALA", "ETHEREUM", "BASE");

    static final int MAX_COMPOSE_BYTES = 200 * 1024;

    static ProvisionRequest parse(JsonNode json, InstanceTypeTable types) {
        JsonBody body = JsonBody.required(json);
        String name = body.text("name", body.requiredString("name"), Cvm.NAME_MIN, Cvm.NAME_MAX, Cvm.NAME);
        JsonBody cf = body.object("compose_file");
        ComposeFields compose = cf == null ? null : ComposeFields.read(cf);
        Optional<NodeRef> node = NodeRef.in(body);
        String type = body.string("instance_type");
        Long vcpu = body.above("vcpu", body.integer("vcpu"), 0);
        Long memory = body.above("memory", body.integer("memory"), 0);
        Long disk = body.above("disk_size", body.integer("disk_size"), 0);
        String image = body.string("image");
        String kmsId = body.string("kms_id");
        String kms = body.oneOf("kms", body.string("kms"), KMS_CHOICES,
                k -> Optional.of(k.toUpperCase(Locale.ROOT)).filter(KMS_CHOICES::contains));
        String appId = body.string("app_id");
        Boolean listed = body.bool("listed");
        body.throwIfAny();

        String docker = compose.dockerComposeFile();
        if (docker == null || docker.isBlank()) {
            throw new ApiException(ErrorCode.COMPOSE_FILE_REQUIRED, "compose_file.docker_compose_file is required");
        }
        int size = docker.getBytes(StandardCharsets.UTF_8).length
                + (compose.preLaunchScript() == null ? 0 : compose.preLaunchScript().getBytes(StandardCharsets.UTF_8).length);
        if (size > MAX_COMPOSE_BYTES) {
            throw new ApiException(ErrorCode.INVALID_COMPOSE_FILE, "docker_compose_file and pre_launch_script together are "
                    + size + " bytes; at most " + MAX_COMPOSE_BYTES + " are allowed");
        }
        AppId app = appId == null ? null : AppId.require("app_id", appId);
        InstanceType instanceType = type == null ? null : types.byId(type).orElseThrow(() ->
                new ApiException(ErrorCode.INSTANCE_TYPE_NOT_FOUND, "Instance type " + type + " not found"));
        InstanceType base = instanceType != null ? instanceType : (vcpu == null && memory == null ? types.byDefault() : null);
        // Sizes not covered by a type fall back to the default type's (one vCPU and its memory when only one is named).
        InstanceType sizes = base != null ? base : types.byDefault();
        Resources resources = Resources.ofCvm(intValue(vcpu, base != null ? base.vcpu() : 1),
                intValue(memory, sizes.memoryMb()), intValue(disk, sizes.defaultDiskGb()));
        return new ProvisionRequest(name, compose.spec(name), node.map(NodeRef::id).orElse(null), base, resources, image,
                kmsId, kms == null ? null : kms.toLowerCase(Locale.ROOT), app, listed != null && listed);
    }

    private static int intValue(Long value, int fallback) {
        return value == null ? fallback : (int) Math.min(value, Integer.MAX_VALUE);
    }

    /** {@code compose_file}: what the app compose is built from; absent booleans take dstack's usual defaults. */
    private record ComposeFields(String dockerComposeFile, String preLaunchScript, List<String> allowedEnvs, String name,
                                 Boolean gateway, Boolean tproxy, Boolean logs, Boolean sysinfo, Boolean tcbinfo) {

        static ComposeFields read(JsonBody cf) {
            ComposeFields read = new ComposeFields(cf.string("docker_compose_file"), cf.string("pre_launch_script"),
                    cf.strings("allowed_envs"), cf.string("name"), cf.bool("gateway_enabled"), cf.bool("tproxy_enabled"),
                    cf.bool("public_logs"), cf.bool("public_sysinfo"), cf.bool("public_tcbinfo"));
            cf.bool("kms_enabled");
            return read;
        }

        AppCompose.Spec spec(String cvmName) {
            return new AppCompose.Spec(name == null || name.isEmpty() ? cvmName : name, dockerComposeFile, preLaunchScript,
                    allowedEnvs == null ? List.of() : allowedEnvs, gateway != null ? gateway : tproxy == null || tproxy,
                    logs == null || logs, sysinfo == null || sysinfo, tcbinfo == null || tcbinfo);
        }
    }
}

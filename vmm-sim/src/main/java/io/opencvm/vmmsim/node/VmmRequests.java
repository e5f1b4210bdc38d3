package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.node.VmmMessages.GpuConfig;
import io.opencvm.vmmsim.node.VmmMessages.GpuSpec;
import io.opencvm.vmmsim.node.VmmMessages.NetworkingConfig;
import io.opencvm.vmmsim.node.VmmMessages.PortMapping;
import io.opencvm.vmmsim.node.VmmMessages.VmConfiguration;
import io.opencvm.vmmsim.prpc.Fields;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.prpc.RpcError;
import java.util.List;

/** Decodes Vmm request messages with proto defaults for every missing field. */
final class VmmRequests {

    private VmmRequests() {
    }

    static VmConfiguration configuration(Fields f) {
        Fields networking = f.obj("networking");
        return new VmConfiguration(f.str("name"), f.str("image"), f.str("compose_file"), f.u32("vcpu"),
                f.u32("memory"), f.u32("disk_size"), ports(f), Hex.encode(f.bytes("encrypted_env")),
                f.optStr("app_id"), f.str("user_config"), f.bool("hugepages"), f.bool("pin_numa"), gpus(f),
                f.strList("kms_urls"), f.strList("gateway_urls"), f.bool("stopped"), f.bool("no_tee"),
                networking == null ? null : network(networking), networks(f), f.optStr("simulated_tee"));
    }

    static VmUpdate update(Fields f) {
        return new VmUpdate(f.str("id"), f.str("compose_file"), Hex.encode(f.bytes("encrypted_env")),
                f.str("user_config"), f.bool("update_ports"), ports(f), f.bool("update_kms_urls"),
                f.strList("kms_urls"), f.bool("update_gateway_urls"), f.strList("gateway_urls"), gpus(f),
                f.optU32("vcpu"), f.optU32("memory"), f.optU32("disk_size"), f.optStr("image"), f.optBool("no_tee"),
                f.bool("update_networking"), networks(f));
    }

    /** {@code ResizeVmRequest}: at least one change, no zero values, no empty image. */
    static VmUpdate resize(Fields f) {
        Long vcpu = f.optU32("vcpu");
        Long memory = f.optU32("memory");
        Long disk = f.optU32("disk_size");
        String image = f.optStr("image");
        if (vcpu == null && memory == null && disk == null && image == null) {
            throw new RpcError("resize request contains no updates");
        }
        if ((vcpu != null && vcpu == 0) || (memory != null && memory == 0) || (disk != null && disk == 0)) {
            throw new RpcError("resize values must be greater than zero");
        }
        if (image != null && image.isEmpty()) {
            throw new RpcError("image must not be empty");
        }
        return VmUpdate.resources(f.str("id"), vcpu, memory, disk, image);
    }

    private static List<PortMapping> ports(Fields f) {
        return f.list("ports").stream().map(p -> new PortMapping(p.str("protocol"), p.u32("host_port"),
                p.u32("vm_port"), p.str("host_address"))).toList();
    }

    private static GpuConfig gpus(Fields f) {
        Fields gpus = f.obj("gpus");
        if (gpus == null) {
            return null;
        }
        return new GpuConfig(gpus.list("gpus").stream().map(g -> new GpuSpec(g.str("slot"))).toList(),
                gpus.str("attach_mode"));
    }

    private static List<NetworkingConfig> networks(Fields f) {
        return f.list("networks").stream().map(VmmRequests::network).toList();
    }

    private static NetworkingConfig network(Fields n) {
        if (n.str("mode").equals("custom")) {
            throw new RpcError("networking mode \"custom\" is only allowed in the node configuration");
        }
        return new NetworkingConfig(n.str("mode"), n.str("bridge_name"));
    }
}

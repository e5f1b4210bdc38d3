package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.node.VmmMessages.GpuConfig;
import io.opencvm.vmmsim.node.VmmMessages.PortMapping;
import io.opencvm.vmmsim.prpc.RpcError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The VMM's input checks on names, images, ports and GPUs, with dstack-vmm's error texts. */
final class VmConfigRules {

    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final NodeProfile profile;

    VmConfigRules(NodeProfile profile) {
        this.profile = profile;
    }

    /** {@code validate_label}: ASCII letters, digits and {@code - _ . space @ ~ ! $ ^ ( )}. */
    static void checkName(String name) {
        for (char c : name.toCharArray()) {
            boolean ok = (c < 128 && Character.isLetterOrDigit(c)) || "-_. @~!$^()".indexOf(c) >= 0;
            if (!ok) {
                throw new RpcError("Invalid name: " + name);
            }
        }
    }

    static void checkImageName(String image) {
        if (!IMAGE.matcher(image).matches() || image.contains("..")) {
            throw new RpcError("Invalid image name");
        }
    }

    static void checkGpus(GpuConfig gpus) {
        if (gpus == null) {
            return;
        }
        if (!gpus.attachMode().equals("listed") && !gpus.attachMode().equals("all")) {
            throw new RpcError("Invalid GPU attach mode: " + gpus.attachMode());
        }
        if (!gpus.gpus().isEmpty() || gpus.attachMode().equals("all")) {
            throw new RpcError("GPU is not enabled");
        }
    }

    /**
     * Checks a port list against the node's settings and the ports other VMs hold; returns it with empty
     * host addresses replaced by the node's default address.
     */
    List<PortMapping> checkPorts(List<PortMapping> ports, Collection<PortMapping> takenByOthers, boolean explicitAddress) {
        if (!ports.isEmpty() && !profile.portMappingEnabled()) {
            throw new RpcError("Port mapping is disabled");
        }
        Set<String> seen = new HashSet<>();
        takenByOthers.forEach(p -> seen.add(p.protocol() + ":" + p.hostPort()));
        List<PortMapping> out = new ArrayList<>();
        for (PortMapping p : ports) {
            if (p.hostPort() < 1 || p.hostPort() > 65535) {
                throw new RpcError("Invalid host port");
            }
            if (p.vmPort() < 1 || p.vmPort() > 65535) {
                throw new RpcError("Invalid vm port");
            }
            if (p.hostPort() < profile.portRangeStart() || p.hostPort() > profile.portRangeEnd()) {
                throw new RpcError("Port mapping is not allowed for " + p.protocol() + ":" + p.hostPort());
            }
            if (!p.protocol().equals("tcp") && !p.protocol().equals("udp")) {
                throw new RpcError("Invalid protocol");
            }
            String address = p.hostAddress();
            if (address.isEmpty() && !explicitAddress) {
                address = profile.portMappingAddress();
            } else if (!isIpLiteral(address)) {
                throw new RpcError("Invalid host address");
            }
            if (!seen.add(p.protocol() + ":" + p.hostPort())) {
                throw new RpcError("Port " + p.protocol() + ":" + p.hostPort() + " is already in use");
            }
            out.add(new PortMapping(p.protocol(), p.hostPort(), p.vmPort(), address));
        }
        return out;
    }

    private static boolean isIpLiteral(String address) {
        var m = IPV4.matcher(address);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return true;
        }
        return address.contains(":") && address.matches("[0-9A-Fa-f:.]+");
    }
}

package io.opencvm.guest;

import io.opencvm.account.Caller;
import io.opencvm.cvm.CvmService;
import io.opencvm.cvm.CvmView;
import io.opencvm.vmm.VmConfiguration;
import io.opencvm.vmm.VmInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A CVM's network settings on its node, read-only. opencvm creates VMs without port mappings (dstack-vmm's are off by
 * default) and does not manage the node's firewall, so {@code ports} is empty and the firewall is not available;
 * {@code network-config} is what the node reports now for the VM, with the reason when it does not answer.
 */
@RestController
@RequestMapping("/api/v1/cvms")
class NetworkSettingsController {

    static final String NO_PORT_MAPPING = "opencvm creates VMs without port mappings (dstack-vmm's port mapping is off "
            + "by default); a CVM is reached through its node's dstack-gateway";

    private final CvmService cvms;
    private final GuestService guests;

    NetworkSettingsController(CvmService cvms, GuestService guests) {
        this.cvms = cvms;
        this.guests = guests;
    }

    @GetMapping("/{cvmId}/network-config")
    Map<String, Object> networkConfig(Caller caller, @PathVariable String cvmId) {
        CvmView view = cvms.view(caller, cvmId);
        GuestReading<VmInfo> info = guests.vmInfo(view);
        VmConfiguration config = info.value() == null ? null : info.value().configuration();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kms_urls", config == null || config.kmsUrls() == null ? List.of() : config.kmsUrls());
        m.put("gateway_urls", config == null || config.gatewayUrls() == null ? List.of() : config.gatewayUrls());
        m.put("ports", config == null || config.ports() == null ? List.of() : config.ports());
        m.put("is_online", info.online() && config != null);
        m.put("error", info.online() ? (config == null ? "The node does not know the CVM's VM" : null) : info.error());
        return m;
    }

    @GetMapping("/{cvmId}/ports")
    List<Map<String, Object>> ports(Caller caller, @PathVariable String cvmId) {
        cvms.view(caller, cvmId);
        return List.of();
    }

    @GetMapping("/{cvmId}/firewall-status")
    Map<String, Object> firewallStatus(Caller caller, @PathVariable String cvmId) {
        cvms.view(caller, cvmId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", false);
        m.put("reason", NO_PORT_MAPPING);
        return m;
    }
}

package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.guest.GuestFacts;
import io.opencvm.vmmsim.prpc.RpcError;
import io.opencvm.vmmsim.tdx.Measurement;
import io.opencvm.vmmsim.tdx.TdxPlatform;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of a guest's life beyond boot progress: it powers the guest on with what the VM looks like at
 * that moment, keeps its containers and console writing on the simulated clock while the process lives, and
 * once the guest agent is up gets it its RA-TLS certificate (quote from this node's simulated TDX platform,
 * signed by the app's KMS, or by a local CA when the app has none). Always entered under the node lock; the
 * KMS call happens outside it.
 */
final class GuestLife {

    private static final Logger LOG = LoggerFactory.getLogger(GuestLife.class);

    private final Node node;
    private final TdxPlatform platform;
    private final AppCertificateIssuer issuer;

    GuestLife(Node node, KmsClient kms) {
        this.node = node;
        this.platform = new TdxPlatform(HexFormat.of().parseHex(node.profile.ppid()));
        this.issuer = new AppCertificateIssuer(platform, kms);
    }

    /** The process started: the TD powers on and begins to write. */
    void powerOn(Vm vm) {
        vm.guest.powerOn(facts(vm), node.time.now());
        scheduleTick(vm.id, vm.bootGeneration);
    }

    /** The guest agent is up: it requests its certificate (from {@code kmsUrl}, or its local CA when null). */
    void agentUp(Vm vm, String kmsUrl) {
        String id = vm.id;
        long generation = vm.bootGeneration;
        GuestFacts facts = vm.guest.facts();
        Measurement measurement = vm.guest.measurement();
        node.time.schedule(Duration.ZERO, () -> {
            String chain;
            try {
                chain = issuer.issue(facts, measurement, kmsUrl, node.time.now());
            } catch (RpcError e) {
                LOG.warn("VM {}: failed to request the app certificate: {}", id, e.getMessage());
                return;
            }
            synchronized (node.lock) {
                Vm current = node.find(id);
                if (current != null && current.alive && current.bootGeneration == generation) {
                    current.guest.certificateIssued(chain);
                }
            }
        });
    }

    TdxPlatform platform() {
        return platform;
    }

    private void scheduleTick(String id, long generation) {
        node.time.schedule(node.profile.logInterval(), () -> {
            synchronized (node.lock) {
                Vm vm = node.find(id);
                if (vm == null || !vm.alive || vm.bootGeneration != generation) {
                    return;
                }
                vm.guest.tick(node.time.now());
            }
            scheduleTick(id, generation);
        });
    }

    private GuestFacts facts(Vm vm) {
        VmmMessages.VmConfiguration c = vm.config;
        AppCompose compose;
        try {
            compose = AppCompose.parse(c.composeFile());
        } catch (RpcError e) {
            compose = new AppCompose(c.name(), "docker-compose", false, "none", List.of(), false, false, false, null,
                    false, false, true);
        }
        NodeImage image = node.profile.image(c.image());
        List<String> kmsUrls = c.kmsUrls().isEmpty() ? node.profile.defaultKmsUrls() : c.kmsUrls();
        return new GuestFacts(vm.id, c.name(), compose.name(), c.appId(), node.profile.deviceId(), c.composeFile(),
                compose.dockerComposeFile(), compose.runner(), compose.keyProvider(), compose.gatewayEnabled(),
                compose.publicLogs(), compose.publicSysinfo(), compose.publicTcbinfo(), c.vcpu(), c.memory(),
                c.diskSize(), c.image(), image == null ? "" : image.version(), image == null ? "" : image.osImageHash(),
                vm.cid, VmInfoView.mac(vm.id, 0), kmsUrls);
    }
}

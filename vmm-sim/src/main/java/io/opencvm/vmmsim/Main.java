package io.opencvm.vmmsim;

import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import io.opencvm.vmmsim.pki.SimulatedTdxPki;
import io.opencvm.vmmsim.prpc.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a dev KMS, optionally a second, on-chain KMS ({@code --kms-rpc-url}), and one or more nodes on 127.0.0.1
 * until interrupted (or, for harnesses, until stdin closes or a lifetime ends); flags are listed in the README.
 * Nodes default to the dev KMS; a VM reaches the on-chain KMS by naming it in its {@code kms_urls}. When all are
 * up it prints one JSON line describing them ({@link FleetDescription}) and writes the ready and nodes files.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        SimOptions options;
        try {
            options = SimOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.tdxRootOut != null) {
            Files.writeString(options.tdxRootOut, SimulatedTdxPki.rootCertificatePem());
            System.out.println("tdx-root " + options.tdxRootOut + " (the simulated TDX root CA a verifier must trust)");
        }
        List<AutoCloseable> started = new CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Main::closeQuietly)));
        KmsSimulator kms = KmsSimulator.start(KmsProfile.defaults().withPort(options.kmsPort)
                .withSeed(options.kmsSeed));
        started.add(kms);
        System.out.println("kms " + kms.baseUri() + " k256_pubkey=" + Hex.encode(kms.rootKeys().k256PublicKey()));
        KmsSimulator onChain = null;
        if (options.rpcUrl != null) {
            onChain = KmsSimulator.start(KmsProfile.onChain(options.rpcUrl, options.chainId).withSeed(options.kmsSeed));
            started.add(onChain);
            System.out.println("kms-onchain " + onChain.baseUri() + " chain_id=" + options.chainId + " rpc="
                    + options.rpcUrl + " (name it in a VM's kms_urls; nodes default to the dev KMS)");
        }
        Map<String, VmmSimulator> nodes = new LinkedHashMap<>();
        for (String spec : options.nodes) {
            VmmSimulator node = VmmSimulator.start(profile(spec, options, kms));
            nodes.put(node.profile().name(), node);
            started.add(0, node);
            System.out.println("node " + node.profile().name() + " " + node.baseUri() + " device_id="
                    + node.profile().deviceId() + (node.gatewayUri() == null ? "" : " gateway=" + node.gatewayUri()));
        }
        ControlListener control = null;
        if (options.testHooks) {
            Map<String, KmsSimulator> kmsByName = new LinkedHashMap<>();
            kmsByName.put("kms", kms);
            if (onChain != null) {
                kmsByName.put("kms-onchain", onChain);
            }
            control = ControlListener.start(options.controlPort == null ? 0 : options.controlPort, nodes, kmsByName);
            started.add(0, control);
            System.out.println("control " + control.baseUri() + " (test hooks: /test/nodes/<name>/faults, …)");
        }
        announce(options, new FleetDescription(kms, onChain, options.chainId,
                options.rpcUrl == null ? null : options.rpcUrl.toString(), List.copyOf(nodes.values()), control));
        bound(options);
        new CountDownLatch(1).await();
    }

    private static NodeProfile profile(String spec, SimOptions options, KmsSimulator kms) {
        String[] parts = spec.split(":", 2);
        NodeProfile.Builder profile = NodeProfile.defaults(parts[0]).toBuilder()
                .port(parts.length > 1 ? Integer.parseInt(parts[1]) : 0)
                .kmsUrl(kms.baseUri().toString()).authToken(options.token).generation(options.generation)
                .testHooks(options.testHooks).portMappingEnabled(options.portMapping)
                .gatewayListener(!options.noGateway)
                .stateDir(options.stateDir == null ? null : options.stateDir.resolve(parts[0]));
        BootTimings t = BootTimings.standalone();
        profile.timings(new BootTimings(options.bootStep != null ? options.bootStep : t.bootStep(), t.failureExit(),
                t.shutdown(), t.remove(), options.restartTick != null ? options.restartTick : t.restartTick(),
                t.restartInitialBackoff(), t.restartMaxBackoff(), t.restartMaxRetries(), t.restartResetWindow()));
        if (options.vcpu != null) {
            profile.maxAllocableVcpu(options.vcpu);
        }
        if (options.memoryMb != null) {
            profile.maxAllocableMemory(options.memoryMb);
        }
        if (options.cidPoolSize != null) {
            profile.cidPoolSize(options.cidPoolSize);
        }
        return profile.build();
    }

    /** The JSON line on stdout, then the ready file (last, so a reader that sees it finds the nodes file too). */
    private static void announce(SimOptions options, FleetDescription fleet) {
        NodeProfile sample = NodeProfile.defaults("capacity");
        FleetDescription.Capacity capacity = new FleetDescription.Capacity(
                options.vcpu != null ? options.vcpu : sample.maxAllocableVcpu(),
                options.memoryMb != null ? options.memoryMb : sample.maxAllocableMemory(), options.diskGb,
                options.slots != null ? options.slots : options.cidPoolSize != null ? options.cidPoolSize
                        : sample.cidPoolSize());
        if (options.nodesFile != null) {
            FleetDescription.writeAtomically(options.nodesFile, fleet.nodesFileJson(capacity));
        }
        String ready = fleet.readyJson();
        System.out.println(ready);
        System.out.flush();
        if (options.readyFile != null) {
            FleetDescription.writeAtomically(options.readyFile, ready);
        }
    }

    /** For harnesses: exit when the parent closes our stdin, or when the lifetime is over. */
    private static void bound(SimOptions options) {
        if (options.exitOnStdinEof) {
            daemon("exit-on-stdin-eof", () -> {
                try (InputStream in = System.in) {
                    while (in.read() >= 0) {
                        // input is ignored; only its end matters
                    }
                } catch (IOException e) {
                    // a broken pipe ends the input as well
                }
                System.out.println("stdin closed: stopping");
                System.exit(0);
            });
        }
        if (options.maxLifetime != null) {
            daemon("max-lifetime", () -> {
                try {
                    Thread.sleep(options.maxLifetime.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println("lifetime of " + options.maxLifetime + " is over: stopping");
                System.exit(0);
            });
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("closing " + closeable + " failed: " + e.getMessage());
        }
    }
}

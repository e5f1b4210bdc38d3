package io.opencvm.vmmsim;

import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.Generation;
import io.opencvm.vmmsim.node.NodeProfile;
import io.opencvm.vmmsim.pki.SimulatedTdxPki;
import io.opencvm.vmmsim.prpc.Hex;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a dev KMS, optionally a second, on-chain KMS ({@code --kms-rpc-url}), and one or more nodes on 127.0.0.1
 * until interrupted; flags are listed in the README. Nodes default to the dev KMS; a VM reaches the on-chain KMS
 * by naming it in its {@code kms_urls}.
 */
public final class Main {

    /** anvil's default chain id, used when {@code --kms-rpc-url} comes without {@code --kms-chain-id}. */
    private static final long DEFAULT_CHAIN_ID = 31337;

    /** The parsed command line. */
    private static final class Options {
        final List<String> nodes = new ArrayList<>();
        int kmsPort;
        String kmsSeed = KmsProfile.defaults().seed();
        Path stateDir;
        String token;
        Generation generation = Generation.V0_5;
        boolean testHooks;
        boolean portMapping;
        URI rpcUrl;
        long chainId = DEFAULT_CHAIN_ID;
        Path tdxRootOut;
        boolean noGateway;
        /** Null: the standalone timings; 0: every boot step due at once (benchmarks); else this step. */
        Long bootStepMs;
    }

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Options options = parse(args);
        if (options.tdxRootOut != null) {
            Files.writeString(options.tdxRootOut, SimulatedTdxPki.rootCertificatePem());
            System.out.println("tdx-root " + options.tdxRootOut + " (the simulated TDX root CA a verifier must trust)");
        }
        List<AutoCloseable> started = new ArrayList<>();
        KmsSimulator kms = KmsSimulator.start(KmsProfile.defaults().withPort(options.kmsPort)
                .withSeed(options.kmsSeed));
        started.add(kms);
        System.out.println("kms " + kms.baseUri() + " k256_pubkey=" + Hex.encode(kms.rootKeys().k256PublicKey()));
        if (options.rpcUrl != null) {
            KmsSimulator onChain = KmsSimulator.start(KmsProfile.onChain(options.rpcUrl, options.chainId)
                    .withSeed(options.kmsSeed));
            started.add(onChain);
            System.out.println("kms-onchain " + onChain.baseUri() + " chain_id=" + options.chainId + " rpc="
                    + options.rpcUrl + " (name it in a VM's kms_urls; nodes default to the dev KMS)");
        }
        for (String spec : options.nodes) {
            String[] parts = spec.split(":", 2);
            NodeProfile.Builder profile = NodeProfile.defaults(parts[0]).toBuilder()
                    .port(parts.length > 1 ? Integer.parseInt(parts[1]) : 0)
                    .kmsUrl(kms.baseUri().toString()).authToken(options.token).generation(options.generation)
                    .testHooks(options.testHooks).portMappingEnabled(options.portMapping)
                    .gatewayListener(!options.noGateway)
                    .timings(timings(options.bootStepMs))
                    .stateDir(options.stateDir == null ? null : options.stateDir.resolve(parts[0]));
            VmmSimulator node = VmmSimulator.start(profile.build());
            started.add(0, node);
            System.out.println("node " + parts[0] + " " + node.baseUri() + " device_id=" + node.profile().deviceId()
                    + (node.gatewayUri() == null ? "" : " gateway=" + node.gatewayUri()));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Main::closeQuietly)));
        new CountDownLatch(1).await();
    }

    private static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--node" -> o.nodes.add(value(args, ++i, flag));
                case "--kms-port" -> o.kmsPort = Integer.parseInt(value(args, ++i, flag));
                case "--kms-seed" -> o.kmsSeed = value(args, ++i, flag);
                case "--kms-rpc-url" -> o.rpcUrl = URI.create(value(args, ++i, flag));
                case "--kms-chain-id" -> o.chainId = Long.parseLong(value(args, ++i, flag));
                case "--state-dir" -> o.stateDir = Path.of(value(args, ++i, flag));
                case "--auth-token" -> o.token = value(args, ++i, flag);
                case "--generation" -> o.generation = value(args, ++i, flag).toLowerCase(Locale.ROOT)
                        .startsWith("head") ? Generation.HEAD : Generation.V0_5;
                case "--test-hooks" -> o.testHooks = true;
                case "--port-mapping" -> o.portMapping = true;
                case "--write-tdx-root" -> o.tdxRootOut = Path.of(value(args, ++i, flag));
                case "--no-gateway" -> o.noGateway = true;
                case "--boot-step-ms" -> o.bootStepMs = Long.parseLong(value(args, ++i, flag));
                default -> {
                    System.err.println("unknown flag " + flag + "; see vmm-sim/README.md");
                    System.exit(2);
                }
            }
        }
        if (o.nodes.isEmpty()) {
            o.nodes.add("node-1:9080");
        }
        return o;
    }

    private static BootTimings timings(Long bootStepMs) {
        if (bootStepMs == null) {
            return BootTimings.standalone();
        }
        if (bootStepMs == 0) {
            return BootTimings.instant();
        }
        BootTimings s = BootTimings.standalone();
        return new BootTimings(Duration.ofMillis(bootStepMs), s.failureExit(), s.shutdown(), s.remove(), s.restartTick(),
                s.restartInitialBackoff(), s.restartMaxBackoff(), s.restartMaxRetries(), s.restartResetWindow());
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return args[index];
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("closing " + closeable + " failed: " + e.getMessage());
        }
    }
}

package io.opencvm.vmmsim;

import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.Generation;
import io.opencvm.vmmsim.node.NodeProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/** Runs one KMS and one or more nodes on 127.0.0.1 until interrupted; flags are listed in the README. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> nodes = new ArrayList<>();
        int kmsPort = 0;
        String kmsSeed = KmsProfile.defaults().seed();
        Path stateDir = null;
        String token = null;
        Generation generation = Generation.V0_5;
        boolean testHooks = false;
        boolean portMapping = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--node" -> nodes.add(value(args, ++i, flag));
                case "--kms-port" -> kmsPort = Integer.parseInt(value(args, ++i, flag));
                case "--kms-seed" -> kmsSeed = value(args, ++i, flag);
                case "--state-dir" -> stateDir = Path.of(value(args, ++i, flag));
                case "--auth-token" -> token = value(args, ++i, flag);
                case "--generation" -> generation = value(args, ++i, flag).toLowerCase(Locale.ROOT).startsWith("head")
                        ? Generation.HEAD : Generation.V0_5;
                case "--test-hooks" -> testHooks = true;
                case "--port-mapping" -> portMapping = true;
                default -> {
                    System.err.println("unknown flag " + flag + "; see vmm-sim/README.md");
                    System.exit(2);
                }
            }
        }
        if (nodes.isEmpty()) {
            nodes.add("node-1:9080");
        }
        KmsSimulator kms = KmsSimulator.start(KmsProfile.defaults().withPort(kmsPort).withSeed(kmsSeed));
        System.out.println("kms " + kms.baseUri() + " k256_pubkey="
                + io.opencvm.vmmsim.prpc.Hex.encode(kms.rootKeys().k256PublicKey()));
        List<VmmSimulator> started = new ArrayList<>();
        for (String spec : nodes) {
            String[] parts = spec.split(":", 2);
            NodeProfile.Builder profile = NodeProfile.defaults(parts[0]).toBuilder()
                    .port(parts.length > 1 ? Integer.parseInt(parts[1]) : 0)
                    .kmsUrl(kms.baseUri().toString()).authToken(token).generation(generation)
                    .testHooks(testHooks).portMappingEnabled(portMapping)
                    .stateDir(stateDir == null ? null : stateDir.resolve(parts[0]));
            VmmSimulator node = VmmSimulator.start(profile.build());
            started.add(node);
            System.out.println("node " + parts[0] + " " + node.baseUri() + " device_id=" + node.profile().deviceId());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.forEach(VmmSimulator::close);
            kms.close();
        }));
        new CountDownLatch(1).await();
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return args[index];
    }
}

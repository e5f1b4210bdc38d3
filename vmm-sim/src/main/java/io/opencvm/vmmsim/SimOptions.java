package io.opencvm.vmmsim;

import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.node.Generation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@link Main}'s command line; the flags are listed in {@code vmm-sim/README.md}. */
final class SimOptions {

    /** anvil's default chain id, used when {@code --kms-rpc-url} comes without {@code --kms-chain-id}. */
    private static final long DEFAULT_CHAIN_ID = 31337;

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
    Duration bootStep;
    Duration restartTick;
    Integer vcpu;
    Integer memoryMb;
    int diskGb = 4096;
    Integer slots;
    Integer cidPoolSize;
    Integer controlPort;
    Path readyFile;
    Path nodesFile;
    boolean exitOnStdinEof;
    Duration maxLifetime;
    Path tdxRootOut;
    boolean noGateway;

    private SimOptions() {
    }

    /** Parses {@code args}; a bad flag throws {@link IllegalArgumentException} with the text to print. */
    static SimOptions parse(String[] args) {
        SimOptions o = new SimOptions();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--node" -> o.nodes.add(value(args, ++i, flag));
                case "--kms-port" -> o.kmsPort = number(args, ++i, flag);
                case "--kms-seed" -> o.kmsSeed = value(args, ++i, flag);
                case "--kms-rpc-url" -> o.rpcUrl = URI.create(value(args, ++i, flag));
                case "--kms-chain-id" -> o.chainId = Long.parseLong(value(args, ++i, flag));
                case "--state-dir" -> o.stateDir = Path.of(value(args, ++i, flag));
                case "--auth-token" -> o.token = value(args, ++i, flag);
                case "--generation" -> o.generation = value(args, ++i, flag).toLowerCase(Locale.ROOT)
                        .startsWith("head") ? Generation.HEAD : Generation.V0_5;
                case "--test-hooks" -> o.testHooks = true;
                case "--port-mapping" -> o.portMapping = true;
                case "--boot-step-ms" -> o.bootStep = Duration.ofMillis(number(args, ++i, flag));
                case "--restart-tick-ms" -> o.restartTick = Duration.ofMillis(number(args, ++i, flag));
                case "--vcpu" -> o.vcpu = number(args, ++i, flag);
                case "--memory-mb" -> o.memoryMb = number(args, ++i, flag);
                case "--disk-gb" -> o.diskGb = number(args, ++i, flag);
                case "--slots" -> o.slots = number(args, ++i, flag);
                case "--cid-pool-size" -> o.cidPoolSize = number(args, ++i, flag);
                case "--control-port" -> o.controlPort = number(args, ++i, flag);
                case "--ready-file" -> o.readyFile = Path.of(value(args, ++i, flag));
                case "--nodes-file" -> o.nodesFile = Path.of(value(args, ++i, flag));
                case "--exit-on-stdin-eof" -> o.exitOnStdinEof = true;
                case "--max-lifetime-s" -> o.maxLifetime = Duration.ofSeconds(number(args, ++i, flag));
                case "--write-tdx-root" -> o.tdxRootOut = Path.of(value(args, ++i, flag));
                case "--no-gateway" -> o.noGateway = true;
                default -> throw new IllegalArgumentException("unknown flag " + flag + "; see vmm-sim/README.md");
            }
        }
        if (o.nodes.isEmpty()) {
            o.nodes.add("node-1:9080");
        }
        if (o.controlPort != null && !o.testHooks) {
            throw new IllegalArgumentException("--control-port needs --test-hooks");
        }
        return o;
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }

    private static int number(String[] args, int index, String flag) {
        String text = value(args, index, flag);
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number ≥ 0, not " + text);
        }
    }
}

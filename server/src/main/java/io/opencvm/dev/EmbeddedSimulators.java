package io.opencvm.dev;

import io.opencvm.kms.KmsRegistration;
import io.opencvm.kms.KmsRegistry;
import io.opencvm.node.NodeProber;
import io.opencvm.node.NodeRegistration;
import io.opencvm.node.NodeRegistry;
import io.opencvm.node.Resources;
import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * The embedded default's fleet: a development KMS and three simulated dstack nodes on loopback,
 * registered like any real node. The control plane reaches them over HTTP only; their VMs persist
 * under the data directory, so a restart finds them again. With a dev chain configured
 * ({@code opencvm.embedded.chain.rpc-url}) an on-chain KMS simulator joins them: it reads each app's
 * DstackApp contract on that chain at every boot.
 */
@Component
@Conditional(EmbeddedFleetCondition.class)
class EmbeddedSimulators implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSimulators.class);
    private static final List<String> NODES = List.of("sim-node-1", "sim-node-2", "sim-node-3");
    private static final String KMS_ID = "kms-dev";
    private static final String ONCHAIN_KMS_ID = "kms-dev-onchain";

    private final NodeRegistry nodes;
    private final NodeProber prober;
    private final KmsRegistry kmsRegistry;
    private final Path dataDir;
    private final Duration bootStep;
    private final boolean testHooks;
    private final Duration logInterval;
    private final DevChain chain;
    private final List<VmmSimulator> running = new ArrayList<>();
    private KmsSimulator kms;
    private KmsSimulator onChainKms;

    EmbeddedSimulators(NodeRegistry nodes, NodeProber prober, KmsRegistry kmsRegistry,
                       @Value("${opencvm.data-dir:./data}") Path dataDir,
                       @Value("${opencvm.embedded.boot-step:${OPENCVM_SIM_BOOT_STEP_MS:300}ms}") Duration bootStep,
                       @Value("${opencvm.embedded.test-hooks:${OPENCVM_SIM_TEST_HOOKS:false}}") boolean testHooks,
                       @Value("${opencvm.embedded.log-interval:${OPENCVM_SIM_LOG_INTERVAL_MS:10000}ms}") Duration logInterval,
                       DevChain chain) {
        this.nodes = nodes;
        this.prober = prober;
        this.kmsRegistry = kmsRegistry;
        this.dataDir = dataDir;
        this.bootStep = bootStep;
        this.testHooks = testHooks;
        this.logInterval = logInterval;
        this.chain = chain;
    }

    @Override
    public synchronized void start() {
        kms = KmsSimulator.start(KmsProfile.defaults());
        kmsRegistry.register(new KmsRegistration(KMS_ID, "phala", kms.baseUri().toString(), "v0.5.4",
                null, null, "any", null, true));
        BootTimings timings = BootTimings.standalone();
        timings = new BootTimings(bootStep, timings.failureExit(), timings.shutdown(), timings.remove(),
                timings.restartTick(), timings.restartInitialBackoff(), timings.restartMaxBackoff(),
                timings.restartMaxRetries(), timings.restartResetWindow());
        for (String name : NODES) {
            VmmSimulator node = VmmSimulator.start(NodeProfile.defaults(name).toBuilder()
                    .kmsUrl(kms.baseUri().toString())
                    .timings(timings)
                    .stateDir(dataDir.resolve("sim").resolve(name))
                    .testHooks(testHooks)
                    .logInterval(logInterval)
                    .build());
            running.add(node);
            nodes.registerOwn(new NodeRegistration(name, node.baseUri().toString(), null, "local", true, true,
                    Set.of(), "phala", new Resources(16, 65536, 1000, 20), node.profile().deviceId()));
            log.info("embedded node {} serves dstack-vmm pRPC at {}", name, node.baseUri());
        }
        log.info("embedded development KMS at {}", kms.baseUri());
        if (chain.configured()) {
            startOnChainKms();
        }
        // Learn images and device ids now, so the first request already sees complete nodes.
        prober.probeAll();
    }

    /** The on-chain KMS: same root keys as the dev KMS (a KMS replica), boots decided by the app contracts. */
    private void startOnChainKms() {
        onChainKms = KmsSimulator.start(KmsProfile.onChain(URI.create(chain.rpcUrl()), chain.chainId()));
        kmsRegistry.register(new KmsRegistration(ONCHAIN_KMS_ID, chain.slug(), onChainKms.baseUri().toString(), "v0.5.4",
                chain.chainId(), chain.kmsContractAddress(), "any", chain.rpcUrl(), false));
        log.info("embedded on-chain KMS ({}) at {} reads app contracts on chain {} at {}", chain.slug(),
                onChainKms.baseUri(), chain.chainId(), chain.rpcUrl());
    }

    @Override
    public synchronized void stop() {
        running.forEach(VmmSimulator::close);
        running.clear();
        if (onChainKms != null) {
            onChainKms.close();
            onChainKms = null;
        }
        if (kms != null) {
            kms.close();
            kms = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return kms != null;
    }

    /** Before the web server opens, so the first request already sees the nodes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}

package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.crypto.EnvCipher;
import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.prpc.Json;
import io.opencvm.vmmsim.prpc.RpcError;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The simulated guest: one boot is a chain of scheduled steps that report progress the way
 * {@code dstack-util} does, ask the KMS for the app keys, report {@code instance.info}, decrypt the env and
 * reach {@code done}, or report {@code boot.error} and end the process (the TD reboots → {@code exited}).
 * Each step checks the VM's boot generation, so a stop or restart silently cancels the rest of an old boot.
 */
final class GuestBoot {

    private static final Logger LOG = LoggerFactory.getLogger(GuestBoot.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum Step { KEYS, DISK, INSTANCE_INFO, DISK_READY, GATEWAY, DOCKER, INIT_SCRIPT, PRE_LAUNCH, CONTAINERS, DONE }

    /** What one boot carries from step to step. */
    private static final class Run {
        final String vmId;
        final long generation;
        final AppCompose compose;
        final List<Step> steps;
        final String seed;
        final String instanceId;
        byte[] envKey;
        /** The KMS that released the keys (and signs the app certificate); null without a KMS. */
        String kmsUrl;
        String kmsCaCert = "";
        String kmsOsImageHash = "";

        Run(String vmId, long generation, AppCompose compose, List<Step> steps, String seed, String instanceId) {
            this.vmId = vmId;
            this.generation = generation;
            this.compose = compose;
            this.steps = steps;
            this.seed = seed;
            this.instanceId = instanceId;
        }
    }

    private final Node node;
    private final KmsClient kms;

    GuestBoot(Node node, KmsClient kms) {
        this.node = node;
        this.kms = kms;
    }

    /** Called under the node lock right after the process was spawned. */
    void begin(Vm vm) {
        AppCompose compose;
        try {
            compose = AppCompose.parse(vm.config.composeFile());
        } catch (RpcError e) {
            fail(vm, "Failed to parse app compose: " + e.getMessage());
            return;
        }
        if (!vm.config.appId().matches("[0-9a-f]{40}")) {
            fail(vm, "Failed to load app info: Invalid app id length");
            return;
        }
        // The seed survives restarts unless the key provider is none (then every boot is a new instance).
        String seed = vm.instanceIdSeed != null && !vm.instanceIdSeed.isEmpty() && !compose.keyProvider().equals("none")
                ? vm.instanceIdSeed : Hex.encode(randomBytes(20));
        String instanceId = compose.noInstanceId() ? ""
                : Hex.encode(Arrays.copyOf(Sha256.hash(Hex.decode(seed), Hex.decode(vm.config.appId())), 20));
        Run run = new Run(vm.id, vm.bootGeneration, compose, plan(compose), seed, instanceId);
        schedule(run, 0);
    }

    private static List<Step> plan(AppCompose compose) {
        List<Step> steps = new ArrayList<>(List.of(Step.KEYS, Step.DISK, Step.INSTANCE_INFO, Step.DISK_READY,
                Step.GATEWAY, Step.DOCKER));
        if (compose.hasInitScript()) {
            steps.add(Step.INIT_SCRIPT);
        }
        if (compose.hasPreLaunchScript()) {
            steps.add(Step.PRE_LAUNCH);
        }
        steps.add(Step.CONTAINERS);
        steps.add(Step.DONE);
        return steps;
    }

    private void schedule(Run run, int index) {
        node.time.schedule(node.profile.timings().bootStep(), () -> runStep(run, index));
    }

    private void runStep(Run run, int index) {
        Step step = run.steps.get(index);
        if (step == Step.KEYS && !requestKeys(run)) {
            return;
        }
        synchronized (node.lock) {
            Vm vm = current(run);
            if (vm == null) {
                return;
            }
            if (!apply(vm, run, step)) {
                return;
            }
            if (index + 1 < run.steps.size()) {
                schedule(run, index + 1);
            }
        }
    }

    /** Reports progress, then asks the KMS without holding the node lock; false when the boot ended here. */
    private boolean requestKeys(Run run) {
        Map<String, Object> bootInfo;
        List<String> urls;
        synchronized (node.lock) {
            Vm vm = current(run);
            if (vm == null) {
                return false;
            }
            vm.guest.measureApp(Hex.encode(Sha256.hash(vm.config.composeFile())), run.instanceId);
            node.report(vm, "boot.progress", "requesting app keys");
            if (!run.compose.usesKms()) {
                return true;
            }
            urls = vm.config.kmsUrls().isEmpty() ? node.profile.defaultKmsUrls() : vm.config.kmsUrls();
            NodeImage image = node.profile.image(vm.config.image());
            bootInfo = new LinkedHashMap<>();
            bootInfo.put("app_id", vm.config.appId());
            bootInfo.put("compose_hash", Hex.encode(Sha256.hash(vm.config.composeFile())));
            bootInfo.put("instance_id", run.instanceId);
            bootInfo.put("device_id", node.profile.deviceId());
            bootInfo.put("os_image_hash", image == null ? "" : image.osImageHash());
            bootInfo.put("tcb_status", node.profile.tcbStatus());
        }
        String firstError = urls.isEmpty() ? "No KMS URL configured" : null;
        for (String url : urls) {
            try {
                JsonNode keys = kms.call(url, "GetAppKey", bootInfo);
                run.envKey = Hex.decode(keys.path("env_crypt_key").asString(""));
                run.kmsUrl = url;
                run.kmsCaCert = keys.path("ca_cert").asString("");
                run.kmsOsImageHash = keys.path("os_image_hash").asString("");
                return true;
            } catch (RpcError e) {
                firstError = firstError == null ? e.getMessage() : firstError;
            }
        }
        synchronized (node.lock) {
            Vm vm = current(run);
            if (vm != null) {
                fail(vm, "Failed to request app keys: Failed to get app keys from KMS: " + firstError);
            }
        }
        return false;
    }

    private boolean apply(Vm vm, Run run, Step step) {
        switch (step) {
            case KEYS -> keysReceived(vm, run);
            case DISK -> {
                vm.guest.dataDisk(!vm.diskInitialised);
                node.report(vm, "boot.progress", vm.diskInitialised ? "mounting data disk" : "initializing data disk");
                vm.diskInitialised = true;
                node.save(vm);
            }
            case INSTANCE_INFO -> {
                Map<String, String> info = new LinkedHashMap<>();
                info.put("instance_id_seed", run.seed);
                info.put("instance_id", run.instanceId);
                info.put("app_id", vm.config.appId());
                node.report(vm, "instance.info", Json.MAPPER.writeValueAsString(info));
            }
            case DISK_READY -> {
                vm.guest.systemReady();
                node.report(vm, "boot.progress", "data disk ready");
                return decryptEnv(vm, run);
            }
            case GATEWAY -> node.report(vm, "boot.progress", "setting up dstack-gateway");
            case DOCKER -> node.report(vm, "boot.progress", "setting up docker");
            case INIT_SCRIPT -> node.report(vm, "boot.progress", "init-script");
            case PRE_LAUNCH -> {
                agentUp(vm, run);
                node.report(vm, "boot.progress", "pre-launch");
            }
            case CONTAINERS -> {
                agentUp(vm, run);
                boolean bash = run.compose.runner().equals("bash");
                node.report(vm, "boot.progress", bash ? "running main script" : "starting containers");
                if (!bash && vm.guest.composeUp(node.time.now()) != null) {
                    fail(vm, "failed to start containers");
                    return false;
                }
            }
            case DONE -> node.report(vm, "boot.progress", "done");
        }
        return true;
    }

    /** {@code verify_app}: the key provider (and, from a KMS, the OS image hash it confirmed) go into RTMR3. */
    private static void keysReceived(Vm vm, Run run) {
        if (run.kmsUrl == null) {
            vm.guest.keysReceived(run.compose.keyProvider().equals("local") ? "local-sgx" : "none", "", null);
            return;
        }
        vm.guest.keysReceived("kms", KmsCaKey.spkiHex(run.kmsCaCert), run.kmsOsImageHash);
    }

    /** The guest agent starts (once per boot) and asks for its certificate. */
    private void agentUp(Vm vm, Run run) {
        if (!vm.guestAgentUp) {
            vm.guestAgentUp = true;
            node.guests.agentUp(vm, run.kmsUrl);
        }
    }

    /** Stage 1 of {@code dstack-util setup}; skipped when there is no blob or no key. Never logs values. */
    private boolean decryptEnv(Vm vm, Run run) {
        String blob = vm.config.encryptedEnv();
        if (blob.isEmpty() || run.envKey == null || run.envKey.length == 0) {
            vm.decryptedEnv = Map.of();
            return true;
        }
        try {
            byte[] plaintext = EnvCipher.decrypt(run.envKey, Hex.decode(blob));
            vm.decryptedEnv = EnvFile.parse(plaintext, run.compose.allowedEnvs());
            LOG.debug("VM {} decrypted {} env vars", vm.id, vm.decryptedEnv.size());
            return true;
        } catch (GeneralSecurityException e) {
            fail(vm, "Failed to decrypt env file: aead::Error");
        } catch (IllegalArgumentException e) {
            fail(vm, "Failed to decrypt env file: " + e.getMessage());
        }
        return false;
    }

    /** Reports the error, then (the guest reboots, the TD ends) the process dies while "started" stays set. */
    private void fail(Vm vm, String error) {
        node.report(vm, "boot.error", error);
        long generation = vm.bootGeneration;
        String id = vm.id;
        node.time.schedule(node.profile.timings().failureExit(), () -> {
            synchronized (node.lock) {
                Vm current = node.find(id);
                if (current != null && current.alive && current.bootGeneration == generation) {
                    node.processDied(current, false);
                }
            }
        });
    }

    private Vm current(Run run) {
        Vm vm = node.find(run.vmId);
        return vm != null && vm.alive && vm.bootGeneration == run.generation ? vm : null;
    }

    private static byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }
}

package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.guest.GuestDirectory;
import io.opencvm.vmmsim.node.VmmMessages.GpuConfig;
import io.opencvm.vmmsim.node.VmmMessages.PortMapping;
import io.opencvm.vmmsim.node.VmmMessages.VmConfiguration;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.prpc.Json;
import io.opencvm.vmmsim.prpc.RpcError;
import io.opencvm.vmmsim.time.SimTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The simulated VMM's VM table and its lifecycle operations. Every read and change of a
 * {@link Vm} happens under {@link #lock}; the guest boot and the restart loop call back in through the
 * package-private methods.
 */
public final class Node {

    final Object lock = new Object();
    final NodeProfile profile;
    final SimTime time;
    private final Map<String, Vm> vms = new LinkedHashMap<>();
    private final VmStore store;
    private final VmConfigRules rules;
    private final GuestBoot boot;
    private final AutoRestart autoRestart;
    final GuestLife guests;
    private final GuestDirectory directory = new NodeGuests(this);

    public Node(NodeProfile profile, SimTime time) {
        this.profile = profile;
        this.time = time;
        this.store = new VmStore(profile.stateDir());
        this.rules = new VmConfigRules(profile);
        KmsClient kms = new KmsClient();
        this.guests = new GuestLife(this, kms);
        this.boot = new GuestBoot(this, kms);
        this.autoRestart = new AutoRestart(this);
    }

    /** Loads persisted VMs (none of their processes survived), starts those marked started, starts the loops. */
    public void open() {
        synchronized (lock) {
            for (VmFile file : store.loadAll()) {
                Vm vm = Vm.fromFile(file, profile.logLines());
                vm.cid = allocateCid();
                vms.put(vm.id, vm);
                if (vm.removing) {
                    scheduleRemoval(vm.id);
                } else if (vm.started) {
                    spawn(vm);
                }
            }
        }
        autoRestart.scheduleNextTick();
    }

    public String create(VmConfiguration request) {
        synchronized (lock) {
            VmConfigRules.checkName(request.name());
            List<PortMapping> ports = rules.checkPorts(request.ports(), portsOfOthers(null), false);
            String appId = request.appId() != null ? Hex.normalize(request.appId())
                    : Hex.encode(Sha256.hash(request.composeFile())).substring(0, 40);
            VmConfigRules.checkImageName(request.image());
            VmConfigRules.checkGpus(request.gpus());
            AppCompose.parseJson(request.composeFile());
            if (profile.image(request.image()) == null) {
                throw new RpcError("Failed to load VM: Failed to load image info: image " + request.image()
                        + " not found");
            }
            try {
                AppCompose.parse(request.composeFile());
            } catch (RpcError e) {
                throw e.within("Failed to read compose file").within("Failed to load VM");
            }
            int cid = allocateCid();
            if (cid < 0) {
                throw new RpcError("Failed to load VM: CID pool exhausted");
            }
            Vm vm = new Vm(UUID.randomUUID().toString(), time.nowMillis(), new VmConfiguration(request.name(),
                    request.image(), request.composeFile(), request.vcpu(), request.memory(), request.diskSize(), ports,
                    request.encryptedEnv(), appId, request.userConfig(), request.hugepages(), request.pinNuma(),
                    request.gpus() == null ? GpuConfig.none() : request.gpus(), request.kmsUrls(),
                    request.gatewayUrls(), false, request.noTee(), request.networking(), request.networks(),
                    request.simulatedTee()), profile.logLines());
            vm.cid = cid;
            vm.started = !request.stopped();
            vms.put(vm.id, vm);
            save(vm);
            if (vm.started) {
                spawn(vm);
            }
            return vm.id;
        }
    }

    public void start(String id) {
        synchronized (lock) {
            Vm vm = vms.get(id);
            if (vm == null) {
                throw new RpcError("Failed to start VM: Failed to read manifest: No such file or directory (os error 2)");
            }
            if (vm.removing) {
                throw new RpcError("Failed to start VM: VM is being removed");
            }
            vm.resetRestartBudget();
            vm.started = true;
            save(vm);
            spawn(vm);
        }
    }

    /** Hard stop: clears "started" and kills the process at once. Idempotent. */
    public void stop(String id) {
        synchronized (lock) {
            Vm vm = vms.get(id);
            if (vm == null) {
                throw new RpcError("Failed to stop VM: VM not found");
            }
            vm.resetRestartBudget();
            vm.started = false;
            save(vm);
            if (vm.alive) {
                processDied(vm, true);
            }
        }
    }

    /** Graceful: only once the guest agent is up; the guest reports {@code powering off}, then powers off. */
    public void shutdown(String id) {
        synchronized (lock) {
            Vm vm = vms.get(id);
            if (vm == null) {
                throw new RpcError("vm not found");
            }
            if (!vm.alive || !vm.guestAgentUp) {
                throw new RpcError(vm.alive ? GuestAgentErrors.NOT_LISTENING : GuestAgentErrors.NOT_RUNNING);
            }
            report(vm, "shutdown.progress", "powering off");
            long generation = vm.bootGeneration;
            time.schedule(profile.timings().shutdown(), () -> {
                synchronized (lock) {
                    Vm current = vms.get(id);
                    if (current != null && current.alive && current.bootGeneration == generation) {
                        processDied(current, false);
                    }
                }
            });
        }
    }

    /** Marks the VM removing and returns; the process is killed and the record deleted in the background. */
    public void remove(String id) {
        synchronized (lock) {
            Vm vm = vms.get(id);
            if (vm == null) {
                throw new RpcError("Failed to remove VM: VM not found");
            }
            if (vm.removing) {
                return;
            }
            vm.removing = true;
            save(vm);
            scheduleRemoval(id);
        }
    }

    /** UpdateVm / UpgradeApp; returns the compose-derived id quirk, or {@code ""}. */
    public String update(VmUpdate update) {
        return update(update, "The instance " + update.id() + " not found");
    }

    /** ResizeVm: the resource part of an update, with ResizeVm's not-found text. */
    public void resize(VmUpdate update) {
        update(update, "vm not found");
    }

    private String update(VmUpdate update, String notFound) {
        synchronized (lock) {
            Vm vm = vms.get(update.id());
            if (vm == null) {
                throw new RpcError(notFound);
            }
            VmConfiguration next = update.applyTo(vm, rules, portsOfOthers(vm.id), profile);
            vm.config = next;
            save(vm);
            return update.composeFile().isEmpty() ? ""
                    : Hex.encode(Sha256.hash(update.composeFile())).substring(0, 40);
        }
    }

    /** The process ends on its own (crash, in-guest poweroff): "started" stays set, so the VM shows exited. */
    public boolean crash(String id) {
        synchronized (lock) {
            Vm vm = vms.get(id);
            if (vm == null || !vm.alive) {
                return false;
            }
            processDied(vm, false);
            return true;
        }
    }

    /** A simulated VMM restart: persisted state stays, live processes are re-adopted, reports are lost. */
    public void restartVmm() {
        synchronized (lock) {
            for (Vm vm : vms.values()) {
                vm.events.clear();
                vm.bootError = "";
                vm.shutdownProgress = "";
                vm.resetRestartBudget();
                vm.bootProgress = vm.alive ? "running" : "";
                if (vm.started && !vm.alive && !vm.removing) {
                    spawn(vm);
                }
            }
        }
    }

    /** Snapshot for presentation; callers hold no lock afterwards. */
    <T> T read(java.util.function.Function<List<Vm>, T> view) {
        synchronized (lock) {
            return view.apply(new ArrayList<>(vms.values()));
        }
    }

    /** The env the guest decrypted at its last boot, or {@code null} for an unknown VM. */
    public Map<String, String> decryptedEnv(String id) {
        synchronized (lock) {
            Vm vm = vms.get(id);
            return vm == null ? null : Map.copyOf(vm.decryptedEnv);
        }
    }

    /** How the guest-facing routes ({@code /logs}, {@code /guest}, the gateway) reach this node's guests. */
    public GuestDirectory guestDirectory() {
        return directory;
    }

    // ---- called by GuestBoot and AutoRestart, always under the lock ----

    Vm find(String id) {
        return vms.get(id);
    }

    List<Vm> all() {
        return new ArrayList<>(vms.values());
    }

    /** Starts the simulated process if it is not running; resets the guest-reported fields either way. */
    void spawn(Vm vm) {
        vm.bootError = "";
        vm.shutdownProgress = "";
        if (vm.alive) {
            vm.bootProgress = "running";
            return;
        }
        vm.alive = true;
        vm.processStartedAt = time.now();
        vm.bootGeneration++;
        vm.guestAgentUp = false;
        vm.bootProgress = "booting";
        guests.powerOn(vm);
        boot.begin(vm);
    }

    /** The QEMU process ended; {@code killed} when the VMM killed it rather than the guest powering off. */
    void processDied(Vm vm, boolean killed) {
        vm.alive = false;
        vm.processStoppedAt = time.now();
        vm.bootGeneration++;
        vm.guestAgentUp = false;
        vm.guest.powerOff(time.now(), killed);
    }

    /** A guest notification ({@code HostApi.Notify}), handled as {@code vm_event_report} does. */
    void report(Vm vm, String event, String body) {
        vm.addEvent(event, body, time.nowMillis(), profile.eventBufferSize());
        switch (event) {
            case "boot.progress" -> {
                vm.bootProgress = body;
                vm.guest.progress(body, time.now());
            }
            case "boot.error" -> {
                vm.bootError = body;
                vm.guest.bootFailed(body, time.now());
            }
            case "shutdown.progress" -> {
                vm.shutdownProgress = body;
                if (body.equals("powering off")) {
                    vm.guest.poweringOff(time.now());
                    vm.started = false;
                    save(vm);
                }
            }
            case "instance.info" -> {
                JsonNode info = Json.MAPPER.readTree(body);
                vm.instanceIdSeed = info.path("instance_id_seed").asString("");
                vm.instanceId = info.path("instance_id").asString("");
                save(vm);
            }
            default -> {
                // unknown events are only kept in the event buffer, as the VMM only logs them
            }
        }
    }

    void save(Vm vm) {
        store.save(vm.toFile());
    }

    private void scheduleRemoval(String id) {
        time.schedule(profile.timings().remove(), () -> {
            synchronized (lock) {
                Vm vm = vms.get(id);
                if (vm == null) {
                    return;
                }
                if (vm.alive) {
                    processDied(vm, true);
                }
                vm.guest.remove();
                vms.remove(id);
                store.delete(id);
            }
        });
    }

    private List<PortMapping> portsOfOthers(String exceptId) {
        List<PortMapping> out = new ArrayList<>();
        vms.values().stream().filter(v -> !v.id.equals(exceptId)).forEach(v -> out.addAll(v.config.ports()));
        return out;
    }

    private int allocateCid() {
        Set<Integer> used = new HashSet<>();
        vms.values().forEach(v -> used.add(v.cid));
        for (int cid = profile.cidStart(); cid < profile.cidStart() + profile.cidPoolSize(); cid++) {
            if (!used.contains(cid)) {
                return cid;
            }
        }
        return -1;
    }
}

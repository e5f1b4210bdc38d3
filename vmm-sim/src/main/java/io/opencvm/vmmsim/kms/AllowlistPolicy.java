package io.opencvm.vmmsim.kms;

import io.opencvm.vmmsim.prpc.Hex;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * auth-simple's config-file decision ({@code dstack/kms/auth-simple}), with its order and reason strings: TCB
 * status, OS image, app registered, compose hash, device. An EMPTY device list allows every device. Mutable
 * at run time, as editing auth-simple's config file is, so a test can allow a device between two boots.
 */
public final class AllowlistPolicy implements BootPolicy {

    private final Set<String> osImages = ConcurrentHashMap.newKeySet();
    private final Set<String> allowedTcbStatuses = ConcurrentHashMap.newKeySet();
    private final Map<String, App> apps = new ConcurrentHashMap<>();

    /** One {@code apps.<appId>} entry. */
    private record App(Set<String> composeHashes, Set<String> devices, boolean allowAnyDevice) {
    }

    public AllowlistPolicy() {
        allowedTcbStatuses.add("UpToDate");
    }

    public AllowlistPolicy allowOsImage(String osImageHash) {
        osImages.add(Hex.normalize(osImageHash));
        return this;
    }

    public AllowlistPolicy allowTcbStatus(String status) {
        allowedTcbStatuses.add(status);
        return this;
    }

    /** Registers the app (idempotent) with an empty device list, i.e. any device. */
    public AllowlistPolicy registerApp(String appId, boolean allowAnyDevice) {
        apps.compute(Hex.normalize(appId), (id, old) -> new App(
                old == null ? ConcurrentHashMap.newKeySet() : old.composeHashes,
                old == null ? ConcurrentHashMap.newKeySet() : old.devices, allowAnyDevice));
        return this;
    }

    public AllowlistPolicy allowComposeHash(String appId, String composeHash) {
        app(appId).composeHashes.add(Hex.normalize(composeHash));
        return this;
    }

    public AllowlistPolicy allowDevice(String appId, String deviceId) {
        app(appId).devices.add(Hex.normalize(deviceId));
        return this;
    }

    private App app(String appId) {
        registerAppIfAbsent(appId);
        return apps.get(Hex.normalize(appId));
    }

    private void registerAppIfAbsent(String appId) {
        apps.computeIfAbsent(Hex.normalize(appId),
                id -> new App(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(), false));
    }

    @Override
    public BootDecision evaluate(BootInfo info) {
        if (!allowedTcbStatuses.contains(info.tcbStatus())) {
            return BootDecision.deny("TCB status is not allowed");
        }
        if (!osImages.contains(Hex.normalize(info.osImageHash()))) {
            return BootDecision.deny("OS image is not allowed");
        }
        App app = apps.get(Hex.normalize(info.appId()));
        if (app == null) {
            return BootDecision.deny("app not registered");
        }
        if (!app.composeHashes.contains(Hex.normalize(info.composeHash()))) {
            return BootDecision.deny("compose hash not allowed");
        }
        if (!app.allowAnyDevice && !app.devices.isEmpty() && !app.devices.contains(Hex.normalize(info.deviceId()))) {
            return BootDecision.deny("app is not allowed to boot on this device");
        }
        return BootDecision.allow();
    }
}

package io.opencvm.vmmsim.kms;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A test stand-in for the chain: sets of {@code appId:value} entries. */
public final class InMemoryContract implements ContractReader {

    public final Set<String> composeHashes = ConcurrentHashMap.newKeySet();
    public final Set<String> devices = ConcurrentHashMap.newKeySet();
    public final Set<String> anyDeviceApps = ConcurrentHashMap.newKeySet();
    public volatile boolean registered = true;
    public volatile boolean requireTcb;

    @Override
    public boolean allowedComposeHash(String appId, String composeHash) {
        return composeHashes.contains(appId + ":" + composeHash);
    }

    @Override
    public boolean allowAnyDevice(String appId) {
        return anyDeviceApps.contains(appId);
    }

    @Override
    public boolean allowedDevice(String appId, String deviceId) {
        return devices.contains(appId + ":" + deviceId);
    }

    @Override
    public boolean registeredApp(String appId) {
        return registered;
    }

    @Override
    public boolean requireTcbUpToDate(String appId) {
        return requireTcb;
    }
}

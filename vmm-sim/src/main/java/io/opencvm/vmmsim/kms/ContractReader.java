package io.opencvm.vmmsim.kms;

/**
 * Read-only view of the on-chain allowlist ({@code DstackKms} and one {@code DstackApp} per app), so an
 * Ethereum JSON-RPC reader can be plugged in later. Arguments are lower-case hex without {@code 0x}: app ids
 * 40 digits, hashes and device ids 64. The KMS-contract checks default to "allowed" for readers that only
 * know the app contract.
 */
public interface ContractReader {

    boolean allowedComposeHash(String appId, String composeHash);

    boolean allowAnyDevice(String appId);

    boolean allowedDevice(String appId, String deviceId);

    /** {@code DstackKms.registeredApps(appId)}. */
    default boolean registeredApp(String appId) {
        return true;
    }

    /** {@code DstackKms.allowedOsImages(osImageHash)}. */
    default boolean allowedOsImage(String osImageHash) {
        return true;
    }

    /** {@code DstackApp.requireTcbUpToDate()}. */
    default boolean requireTcbUpToDate(String appId) {
        return false;
    }
}

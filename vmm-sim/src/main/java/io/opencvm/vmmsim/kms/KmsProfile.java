package io.opencvm.vmmsim.kms;

import java.net.URI;

/**
 * Configuration of one simulated KMS.
 *
 * @param port 0 = a random free port on 127.0.0.1
 * @param seed root-key seed; the same seed gives the same root keys, env keys and signatures
 * @param policy the initial boot policy (replaceable at run time)
 * @param chainId {@code null} unless the KMS is contract-backed
 * @param kmsContractAddress the {@code DstackKms} address; {@code null} when none is configured (always, so far)
 */
public record KmsProfile(String name, int port, String version, String rev, String seed, BootPolicy policy,
        String gatewayAppId, Long chainId, String kmsContractAddress, String appAuthImplementation) {

    /** A dev KMS: dev policy (allow all), fixed seed, random port. */
    public static KmsProfile defaults() {
        return new KmsProfile("kms", 0, "0.5.4", "git:0000000000000000kms0", "opencvm-dev-kms", new DevPolicy(),
                "any", null, null, null);
    }

    /**
     * A contract-backed KMS that reads each app's {@code DstackApp} at its app id through the JSON-RPC endpoint
     * {@code rpcUrl} on every boot; {@code GetMeta} reports {@code chain_id} and {@code is_dev: false}. No
     * {@code DstackKms} address is configured, so "app registered" and "OS image allowed" always hold. Same
     * root-key seed as {@link #defaults()}, like a KMS replica: env encrypted with either KMS's key decrypts.
     */
    public static KmsProfile onChain(URI rpcUrl, long chainId) {
        return new KmsProfile("kms-onchain", 0, "0.5.4", "git:0000000000000000kms0", "opencvm-dev-kms",
                new OnChainPolicy(new JsonRpcContractReader(rpcUrl)), "any", chainId, null, null);
    }

    public KmsProfile withPort(int newPort) {
        return new KmsProfile(name, newPort, version, rev, seed, policy, gatewayAppId, chainId, kmsContractAddress,
                appAuthImplementation);
    }

    public KmsProfile withSeed(String newSeed) {
        return new KmsProfile(name, port, version, rev, newSeed, policy, gatewayAppId, chainId, kmsContractAddress,
                appAuthImplementation);
    }

    public KmsProfile withPolicy(BootPolicy newPolicy) {
        return new KmsProfile(name, port, version, rev, seed, newPolicy, gatewayAppId, chainId, kmsContractAddress,
                appAuthImplementation);
    }

    public KmsProfile withContract(long newChainId, String contractAddress) {
        return new KmsProfile(name, port, version, rev, seed, policy, gatewayAppId, newChainId, contractAddress,
                appAuthImplementation);
    }
}

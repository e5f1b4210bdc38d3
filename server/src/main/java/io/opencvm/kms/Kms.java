package io.opencvm.kms;

/**
 * A registered key management service that CVMs of an app take their keys from. {@code publicId}
 * is the {@code KmsInfo.id} clients see; a non-null {@code chainId} means apps under it are governed
 * by an on-chain app contract.
 */
public record Kms(long pk, String publicId, String slug, String url, String version, Long chainId,
                  String contractAddress, String gatewayAppId, String rpcUrl, boolean isDefault) {

    public boolean onChain() {
        return chainId != null;
    }

    /** The {@code kms_type} enum of the API: phala | ethereum | base | legacy. */
    public String kmsType() {
        if (chainId == null) {
            return "phala";
        }
        return chainId == 8453L ? "base" : "ethereum";
    }
}

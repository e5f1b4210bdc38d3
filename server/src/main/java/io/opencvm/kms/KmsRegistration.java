package io.opencvm.kms;

/**
 * Everything an operator declares about a KMS. Registering the same {@code publicId} again updates it
 * in place. A non-null {@code chainId} makes it contract-owned ({@code contractAddress} then required);
 * {@code isDefault} makes it the one KMS new apps use unless they name another.
 */
public record KmsRegistration(String publicId, String slug, String url, String version, Long chainId,
                              String contractAddress, String gatewayAppId, String rpcUrl, boolean isDefault) {
}

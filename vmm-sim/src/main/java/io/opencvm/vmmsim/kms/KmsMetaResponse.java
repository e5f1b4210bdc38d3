package io.opencvm.vmmsim.kms;

/** KMS {@code GetMetaResponse}; {@code bootstrap_info} is always {@code null} in the simulator. */
public record KmsMetaResponse(String caCert, boolean allowAnyUpgrade, String k256Pubkey, Object bootstrapInfo,
        boolean isDev, String gatewayAppId, String kmsContractAddress, Long chainId, String appAuthImplementation) {
}

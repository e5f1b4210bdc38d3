package io.opencvm.kms;

/** A KMS's own {@code GetMeta} answer: its keys, whether it is a development KMS, and its chain settings. */
public record KmsMeta(String caCert, boolean allowAnyUpgrade, String k256Pubkey, Bootstrap bootstrapInfo, boolean isDev,
                      String gatewayAppId, String kmsContractAddress, Long chainId, String appAuthImplementation) {

    /** {@code BootstrapResponse}: the keys and the attestation the KMS bootstrapped with (null from a simulator). */
    public record Bootstrap(String caPubkey, String k256Pubkey, String quote, String eventlog) {
    }
}

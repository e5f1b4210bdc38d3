package io.opencvm.kms;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A KMS as {@code /admin/kms} shows it: the {@code KmsInfo} keys plus what only operators see. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AdminKmsView(String id, String slug, String url, String version, Long chainId, String kmsContractAddress,
                    String gatewayAppId, String rpcUrl, boolean isDefault, String kmsType) {

    static AdminKmsView of(Kms k) {
        return new AdminKmsView(k.publicId(), k.slug(), k.url(), k.version(), k.chainId(), k.contractAddress(),
                k.gatewayAppId(), k.rpcUrl(), k.isDefault(), k.kmsType());
    }
}

package io.opencvm.kms;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The API's {@code KmsInfo} object: exactly these seven keys, nulls written. Used by {@code /kms},
 * {@code /teepods/available}, provision responses and 465 details.
 */
public record KmsInfo(String id, String slug, String url, String version,
                      @JsonProperty("chain_id") Long chainId,
                      @JsonProperty("kms_contract_address") String kmsContractAddress,
                      @JsonProperty("gateway_app_id") String gatewayAppId) {

    public static KmsInfo of(Kms kms) {
        return new KmsInfo(kms.publicId(), kms.slug(), kms.url(), kms.version(), kms.chainId(),
                kms.contractAddress(), kms.gatewayAppId());
    }
}

package io.opencvm.kms;

import com.fasterxml.jackson.annotation.JsonAlias;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A KMS registration as JSON ({@code POST /admin/kms} and the nodes file), snake_case keys;
 * {@code id} and {@code kms_contract_address} are the {@code KmsInfo} spellings of two of them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KmsRegistrationRequest(@JsonAlias("public_id") String id, String slug, String url, String version,
                                     Long chainId, @JsonAlias("contract_address") String kmsContractAddress,
                                     String gatewayAppId, String rpcUrl, Boolean isDefault) {

    public KmsRegistration toRegistration() {
        return new KmsRegistration(id, slug, url, version, chainId, kmsContractAddress, gatewayAppId, rpcUrl,
                Boolean.TRUE.equals(isDefault));
    }
}

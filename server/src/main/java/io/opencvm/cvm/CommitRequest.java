package io.opencvm.cvm;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.app.AppService;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code POST /cvms} (commit provision) body. {@code encryptedEnv} is hex as received, or null.
 * Under an on-chain KMS the client also names the KMS ({@code kms_id}, id or slug), the app contract
 * ({@code contract_address}, which is the app id) and who deployed it ({@code deployer_address}).
 */
record CommitRequest(String appId, String composeHash, String encryptedEnv, String kmsId, String contractAddress,
                     String deployerAddress) {

    static CommitRequest parse(JsonNode body) {
        BodyFields f = BodyFields.of(body, false);
        String appId = f.requiredString("app_id");
        String composeHash = f.requiredString("compose_hash");
        String env = f.optionalString("encrypted_env");
        String kmsId = f.optionalString("kms_id");
        String contract = f.optionalString("contract_address");
        String deployer = f.optionalString("deployer_address");
        f.validate();
        String app = AppService.normalizeAppId(appId).orElseThrow(() -> new ApiException(ErrorCode.INVALID_REQUEST,
                "app_id must be 40 hex characters (optionally prefixed with app_ or 0x)"));
        String hash = composeHash.toLowerCase(Locale.ROOT).startsWith("0x") ? composeHash.substring(2) : composeHash;
        if (!hash.matches("[0-9a-fA-F]{64}")) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "compose_hash must be 64 hex characters");
        }
        String checkedEnv = env == null || env.isEmpty() ? null : EncryptedEnv.parse(env);
        return new CommitRequest(app, hash.toLowerCase(Locale.ROOT), checkedEnv, blankToNull(kmsId),
                address("contract_address", contract), address("deployer_address", deployer));
    }

    /** An EVM address as 40 lower-case hex characters without {@code 0x}; null when absent; else 400. */
    private static String address(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        String hex = v.toLowerCase(Locale.ROOT).startsWith("0x") ? v.substring(2) : v;
        if (!hex.matches("[0-9a-fA-F]{40}")) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, field + " must be an address (0x + 40 hex characters)");
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "CommitRequest[" + appId + " " + composeHash + "]";
    }
}

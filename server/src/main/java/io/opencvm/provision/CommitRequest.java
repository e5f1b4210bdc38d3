package io.opencvm.provision;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.JsonBody;
import io.opencvm.app.AppId;
import io.opencvm.app.ComposeHash;
import io.opencvm.cvm.EncryptedEnv;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code POST /cvms} (commit provision) body. {@code encryptedEnv} is checked hex, or null.
 * Under an on-chain KMS the client also names the KMS ({@code kms_id}, id or slug), the app contract
 * ({@code contract_address}, which is the app id) and who deployed it ({@code deployer_address}).
 */
record CommitRequest(AppId appId, ComposeHash composeHash, String encryptedEnv, String kmsId, String contractAddress,
                     String deployerAddress) {

    private static final Pattern ADDRESS = Pattern.compile("(0x)?[0-9a-f]{40}");

    static CommitRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String appId = body.requiredString("app_id");
        String composeHash = body.requiredString("compose_hash");
        String env = body.string("encrypted_env");
        String kmsId = body.string("kms_id");
        String contract = body.string("contract_address");
        String deployer = body.string("deployer_address");
        body.throwIfAny();
        return new CommitRequest(AppId.require("app_id", appId), ComposeHash.require("compose_hash", composeHash),
                env == null || env.isEmpty() ? null : EncryptedEnv.parse(env), blankToNull(kmsId),
                address("contract_address", contract), address("deployer_address", deployer));
    }

    /** An EVM address as 40 lower-case hex characters without {@code 0x}; null when absent; else 400. */
    private static String address(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!ADDRESS.matcher(v).matches()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, field + " must be an address (0x + 40 hex characters)");
        }
        return v.substring(v.length() - 40);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "CommitRequest[" + appId + " " + composeHash + "]";
    }
}

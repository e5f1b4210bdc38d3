package io.opencvm.onchain;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.JsonBody;
import io.opencvm.app.ComposeHash;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * {@code AppIsAllowedRequest}: the compose hash to ask about, and the device, given directly ({@code device_id}, 64 hex)
 * or as a node of the caller's ({@code node_id}); neither means the device of the app's oldest live instance.
 * {@code chain_id} is read and ignored: the chain is the app's KMS's.
 */
record IsAllowedRequest(ComposeHash composeHash, Long nodeId, String deviceId) {

    private static final Pattern DEVICE = Pattern.compile("(?i)(0x)?[0-9a-f]{64}");

    static IsAllowedRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String hash = body.requiredString("compose_hash");
        Long node = body.integer("node_id");
        String device = body.string("device_id");
        body.integer("chain_id");
        body.throwIfAny();
        if (device != null && !DEVICE.matcher(device).matches()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "device_id must be 64 hex characters",
                    List.of(ErrorDetail.field("device_id", device)));
        }
        return new IsAllowedRequest(ComposeHash.require("compose_hash", hash), node,
                device == null ? null : device.toLowerCase(Locale.ROOT).replaceFirst("^0x", ""));
    }
}

package io.opencvm.kms;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an app contract says about one compose hash on one device; as JSON, the {@code onchain_status} of
 * every answer that reports it (465 details, 468). {@code deviceIdAllowed} already folds in {@code allowAnyDevice}.
 */
public record OnchainStatus(@JsonProperty("compose_hash_allowed") boolean composeHashAllowed,
                            @JsonProperty("device_id_allowed") boolean deviceIdAllowed,
                            @JsonProperty("is_allowed") boolean isAllowed) {

    static OnchainStatus of(boolean composeHashAllowed, boolean allowAnyDevice, boolean deviceListed) {
        boolean device = allowAnyDevice || deviceListed;
        return new OnchainStatus(composeHashAllowed, device, composeHashAllowed && device);
    }
}

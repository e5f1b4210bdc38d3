package io.opencvm.kms;

/**
 * What an app contract says about one compose hash on one device; the {@code onchain_status} of a
 * 465 answer. {@code deviceIdAllowed} already folds in {@code allowAnyDevice}.
 */
public record OnchainStatus(boolean composeHashAllowed, boolean deviceIdAllowed, boolean isAllowed) {

    static OnchainStatus of(boolean composeHashAllowed, boolean allowAnyDevice, boolean deviceListed) {
        boolean device = allowAnyDevice || deviceListed;
        return new OnchainStatus(composeHashAllowed, device, composeHashAllowed && device);
    }
}

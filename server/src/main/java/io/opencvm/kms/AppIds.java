package io.opencvm.kms;

import io.opencvm.api.ValidationProblem;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The {@code app_id} path segment: 40 hex characters, optionally {@code 0x}-prefixed, any case. */
final class AppIds {

    private static final Pattern APP_ID = Pattern.compile("(0x)?[0-9a-fA-F]{40}");

    private AppIds() {
    }

    /** 40 lower-case hex characters without {@code 0x}, or 422 for anything else. */
    static String normalize(String appId) {
        if (appId == null || !APP_ID.matcher(appId).matches()) {
            throw ValidationProblem.of(List.of("path", "app_id"),
                    "app_id must be 40 hex characters, optionally prefixed with 0x", "value_error", appId);
        }
        return appId.substring(appId.length() - 40).toLowerCase(Locale.ROOT);
    }
}

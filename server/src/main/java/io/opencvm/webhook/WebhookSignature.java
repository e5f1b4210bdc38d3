package io.opencvm.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature the SDK's {@code verifyWebhookSignature} checks: {@code sha256=} and the lower-case hex
 * HMAC-SHA256, keyed with the secret's UTF-8 bytes, of {@code "<timestamp>.<body>"} (timestamp in Unix seconds,
 * exactly the header's text).
 */
final class WebhookSignature {

    static final String TIMESTAMP_HEADER = "X-Webhook-Timestamp";
    static final String SIGNATURE_HEADER = "X-Webhook-Signature";

    private WebhookSignature() {
    }

    static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

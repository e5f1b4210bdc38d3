package io.opencvm.reliability;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads {@code idempotency_keys} as the harness's clients would see it: the server keeps a key only as
 * {@code sha256:<hex>} and its reply sealed (AES-256-GCM under HMAC-SHA256(key, context); {@code docs/security.md},
 * {@code replica.SealedReplies}), so the harness, which knows every key it sent, finds each row's key by its hash and
 * opens the reply with it. Written apart from the server's class, so
 * the harness does not take the server's word for what it recorded.
 */
public final class RecordedReplies {

    private static final String KEY_PREFIX = "sha256:";
    private static final String SEALED_PREFIX = "sealed:v1:";
    private static final int NONCE_BYTES = 12;

    private final Map<String, String> sentByStored;

    /** @param sentKeys every Idempotency-Key the clients sent */
    public RecordedReplies(Collection<String> sentKeys) {
        this.sentByStored = sentKeys.stream().filter(k -> k != null).distinct()
                .collect(Collectors.toMap(RecordedReplies::stored, Function.identity()));
    }

    /** The key as sent for a stored key, or the stored form itself when no client of this run sent it. */
    public String keyAsSent(String storedKey) {
        return sentByStored.getOrDefault(storedKey, storedKey);
    }

    /** The reply as the client got it; a body that cannot be opened is returned as it is, and then fails to parse. */
    public String open(String storedKey, long workspaceId, String fingerprint, String body) {
        String key = sentByStored.get(storedKey);
        if (body == null || key == null || !body.startsWith(SEALED_PREFIX)) {
            return body;
        }
        try {
            byte[] in = Base64.getDecoder().decode(body.substring(SEALED_PREFIX.length()));
            String context = "opencvm idempotent reply v1|" + workspaceId + "|" + fingerprint.trim();
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] aesKey = hmac.doFinal(context.getBytes(StandardCharsets.UTF_8));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"),
                    new GCMParameterSpec(128, Arrays.copyOfRange(in, 0, NONCE_BYTES)));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return body;
        }
    }

    static String stored(String key) {
        try {
            return KEY_PREFIX + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

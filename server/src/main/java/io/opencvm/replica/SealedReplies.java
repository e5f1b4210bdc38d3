package io.opencvm.replica;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How an {@code Idempotency-Key} and its recorded reply rest in {@code idempotency_keys}: the key only as its
 * SHA-256, the reply sealed with AES-256-GCM under a key derived (HMAC-SHA256) from the Idempotency-Key itself, the
 * workspace and the request's fingerprint. So a 465's commit token is not readable from the table, yet the same
 * caller repeating the same request with the same key gets exactly the same reply (the same token). A reply is only
 * as hard to open as its Idempotency-Key is to guess; the CLI and the dashboard send random UUIDs.
 */
final class SealedReplies {

    private static final String PREFIX = "sealed:v1:";
    private static final String KEY_PREFIX = "sha256:";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedReplies() {
    }

    /** The form the key is stored and looked up in. */
    static String storedKey(String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String seal(String idempotencyKey, long workspaceId, String fingerprint, String body) {
        if (body == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, idempotencyKey, workspaceId, fingerprint, nonce);
            byte[] sealed = cipher.doFinal(body.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a reply", e);
        }
    }

    /** The reply as recorded; a reply recorded before replies were sealed is returned as it is. */
    static String open(String idempotencyKey, long workspaceId, String fingerprint, String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            byte[] nonce = Arrays.copyOfRange(in, 0, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, idempotencyKey, workspaceId, fingerprint, nonce);
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot open a recorded reply", e);
        }
    }

    private static Cipher cipher(int mode, String idempotencyKey, long workspaceId, String fingerprint, byte[] nonce)
            throws GeneralSecurityException {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(idempotencyKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String context = "opencvm idempotent reply v1|" + workspaceId + "|" + fingerprint;
        byte[] key = hmac.doFinal(context.getBytes(StandardCharsets.UTF_8));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}

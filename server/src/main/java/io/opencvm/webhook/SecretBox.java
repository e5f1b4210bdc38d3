package io.opencvm.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Seals webhook secrets with AES-256-GCM under the server's key, so that a database dump alone does not
 * reveal them (they must stay revealable, so they cannot be hashed). The key is
 * {@code opencvm.webhooks.secret-key} (base64 of 32 bytes; every instance of a cluster needs the same one)
 * or else a file {@code webhook-secrets.key} in the data directory, made on first use, readable by its owner
 * only. The webhook's public id is bound in as associated data, so a sealed value copied to another row does
 * not open.
 */
@Component
class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    SecretBox(@Value("${opencvm.webhooks.secret-key:}") String configured, @Value("${opencvm.data-dir}") String dataDir) {
        byte[] bytes = configured.isBlank() ? fileKey(Path.of(dataDir, "webhook-secrets.key"))
                : Base64.getDecoder().decode(configured.trim());
        if (bytes.length != 32) {
            throw new IllegalStateException("opencvm.webhooks.secret-key must be base64 of 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    String seal(String webhookId, String secret) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, iv, webhookId, secret.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[IV_BYTES + sealed.length];
        System.arraycopy(iv, 0, out, 0, IV_BYTES);
        System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
        return PREFIX + Base64.getEncoder().encodeToString(out);
    }

    /** The secret; throws {@link IllegalStateException} when this server's key did not seal it. */
    String open(String webhookId, String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("unknown sealed-secret format");
        }
        byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        byte[] iv = java.util.Arrays.copyOfRange(all, 0, IV_BYTES);
        byte[] body = java.util.Arrays.copyOfRange(all, IV_BYTES, all.length);
        return new String(run(Cipher.DECRYPT_MODE, iv, webhookId, body), StandardCharsets.UTF_8);
    }

    private byte[] run(int mode, byte[] iv, String webhookId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("webhook secret does not open with this server's key", e);
        }
    }

    private static byte[] fileKey(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "webhook-secrets", ".tmp");
                try {
                    restrict(temp);
                    Files.write(temp, Base64.getEncoder().encode(fresh));
                    Files.createLink(file, temp); // atomic, and refuses to replace a key another server made first
                } catch (FileAlreadyExistsException raced) {
                    // another server on this data directory made it first: use theirs
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the data directory's own protection applies
        }
    }
}

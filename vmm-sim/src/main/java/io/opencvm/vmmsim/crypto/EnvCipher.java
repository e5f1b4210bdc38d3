package io.opencvm.vmmsim.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * dstack's encrypted env blob: {@code eph_pub(32) ‖ iv(12) ‖ ciphertext ‖ tag(16)}, AES-256-GCM keyed directly
 * with the raw X25519 shared secret (no KDF, no AAD).
 */
public final class EnvCipher {

    private static final SecureRandom RANDOM = new SecureRandom();

    private EnvCipher() {
    }

    /** X25519(secret, 9): the public key of a 32-byte X25519 secret. */
    public static byte[] publicKey(byte[] secret) {
        byte[] out = new byte[32];
        X25519.generatePublicKey(secret, 0, out, 0);
        return out;
    }

    public static byte[] sharedSecret(byte[] secret, byte[] publicKey) throws GeneralSecurityException {
        byte[] out = new byte[32];
        if (publicKey.length != 32 || !X25519.calculateAgreement(secret, 0, publicKey, 0, out, 0)) {
            throw new GeneralSecurityException("invalid X25519 shared secret");
        }
        return out;
    }

    /** Encrypts with a fresh ephemeral key and IV (what a client such as the SDK does). */
    public static byte[] encrypt(byte[] recipientPublicKey, byte[] plaintext) throws GeneralSecurityException {
        byte[] ephemeral = new byte[32];
        byte[] iv = new byte[12];
        RANDOM.nextBytes(ephemeral);
        RANDOM.nextBytes(iv);
        return encrypt(recipientPublicKey, plaintext, ephemeral, iv);
    }

    public static byte[] encrypt(byte[] recipientPublicKey, byte[] plaintext, byte[] ephemeralSecret, byte[] iv)
            throws GeneralSecurityException {
        byte[] key = sharedSecret(ephemeralSecret, recipientPublicKey);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(plaintext);
        return ByteBuffer.allocate(44 + sealed.length)
                .put(publicKey(ephemeralSecret)).put(iv).put(sealed).array();
    }

    /** {@code dh_decrypt}: fails on a short blob, an all-zero shared secret or a bad tag. */
    public static byte[] decrypt(byte[] recipientSecret, byte[] blob) throws GeneralSecurityException {
        if (blob.length < 32 + 12 + 16) {
            throw new GeneralSecurityException("encrypted env too short");
        }
        byte[] key = sharedSecret(recipientSecret, Arrays.copyOfRange(blob, 0, 32));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, Arrays.copyOfRange(blob, 32, 44)));
        return cipher.doFinal(blob, 44, blob.length - 44);
    }
}

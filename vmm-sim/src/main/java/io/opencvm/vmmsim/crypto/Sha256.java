package io.opencvm.vmmsim.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the hash behind compose hashes, app ids, instance ids and device ids. */
public final class Sha256 {

    private Sha256() {
    }

    public static byte[] hash(byte[]... parts) {
        return digest("SHA-256", parts);
    }

    /** The digest of the concatenated parts with a JDK algorithm every Java runtime has. */
    static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hash(String text) {
        return hash(text.getBytes(StandardCharsets.UTF_8));
    }
}

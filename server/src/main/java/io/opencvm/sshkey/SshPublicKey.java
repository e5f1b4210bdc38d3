package io.opencvm.sshkey;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenSSH public key ({@code <type> <base64> [comment]}) whose blob was read and found to be of its declared
 * type: {@code openssh} is the line without the comment (what goes to a CVM), {@code fingerprint} what
 * {@code ssh-keygen -l} prints. DSA and RSA below 2048 bits are refused as too weak.
 */
record SshPublicKey(String openssh, String keyType, Integer bits, String fingerprint) {

    static final int MIN_RSA_BITS = 2048;
    static final int MAX_TEXT = 8192;

    private static final Map<String, String> SHORT_NAMES = Map.of(
            "ssh-ed25519", "ed25519", "ssh-rsa", "rsa", "ecdsa-sha2-nistp256", "ecdsa",
            "ecdsa-sha2-nistp384", "ecdsa", "ecdsa-sha2-nistp521", "ecdsa",
            "sk-ssh-ed25519@openssh.com", "sk-ed25519", "sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa");

    /** The key, or why it is refused (one sentence a user can act on). */
    sealed interface Parsed permits Valid, Refused {
    }

    record Valid(SshPublicKey key) implements Parsed {
    }

    record Refused(String reason) implements Parsed {
    }

    static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return new Refused("The public key is empty");
        }
        String line = text.strip();
        if (line.length() > MAX_TEXT || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            return new Refused("A public key is one line of at most " + MAX_TEXT + " characters");
        }
        String[] parts = line.split("[ \\t]+", 3);
        if (parts.length < 2) {
            return new Refused("Not an OpenSSH public key: expected '<type> <base64> [comment]'");
        }
        String type = parts[0];
        if (type.equals("ssh-dss")) {
            return new Refused("DSA keys are too weak; use Ed25519 (recommended) or RSA of at least 2048 bits");
        }
        String shortName = SHORT_NAMES.get(type);
        if (shortName == null) {
            return new Refused("Unsupported key type '" + clip(type) + "'; supported: " + String.join(", ",
                    SHORT_NAMES.keySet().stream().sorted().toList()));
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return new Refused("The key data is not base64");
        }
        Optional<Integer> bits = bitsOf(type, blob);
        if (bits.isEmpty()) {
            return new Refused("The key data is not a valid " + type + " key");
        }
        if (shortName.equals("rsa") && bits.get() < MIN_RSA_BITS) {
            return new Refused("RSA keys need at least " + MIN_RSA_BITS + " bits (this one has " + bits.get()
                    + "); Ed25519 is recommended");
        }
        return new Valid(new SshPublicKey(type + " " + Base64.getEncoder().encodeToString(blob), shortName,
                bits.get(), fingerprint(blob)));
    }

    /** The key size the blob declares, when the blob is a well-formed key of {@code type}; empty otherwise. */
    private static Optional<Integer> bitsOf(String type, byte[] blob) {
        try {
            ByteBuffer in = ByteBuffer.wrap(blob);
            if (!new String(field(in), StandardCharsets.US_ASCII).equals(type)) {
                return Optional.empty();
            }
            Integer bits = switch (type) {
                case "ssh-rsa" -> {
                    field(in); // public exponent
                    yield new BigInteger(field(in)).bitLength();
                }
                case "ssh-ed25519", "sk-ssh-ed25519@openssh.com" -> field(in).length == 32 ? 256 : null;
                default -> { // ecdsa: curve name, then the point
                    String curve = new String(field(in), StandardCharsets.US_ASCII);
                    field(in);
                    yield type.contains(curve) ? Integer.parseInt(curve.substring("nistp".length())) : null;
                }
            };
            if (type.startsWith("sk-")) {
                field(in); // application
            }
            return in.hasRemaining() ? Optional.empty() : Optional.ofNullable(bits);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] field(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("field past the end");
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    private static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}

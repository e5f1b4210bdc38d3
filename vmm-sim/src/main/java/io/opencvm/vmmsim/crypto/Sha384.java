package io.opencvm.vmmsim.crypto;

import java.nio.charset.StandardCharsets;

/** SHA-384, the hash of TDX measurement registers and of their event-log digests. */
public final class Sha384 {

    private Sha384() {
    }

    public static byte[] hash(byte[]... parts) {
        return Sha256.digest("SHA-384", parts);
    }

    public static byte[] hash(String text) {
        return hash(text.getBytes(StandardCharsets.UTF_8));
    }
}

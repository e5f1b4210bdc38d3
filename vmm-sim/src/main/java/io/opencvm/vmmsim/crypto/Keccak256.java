package io.opencvm.vmmsim.crypto;

import org.bouncycastle.crypto.digests.KeccakDigest;

/** Ethereum's Keccak-256 (the original Keccak padding, not SHA3-256). */
public final class Keccak256 {

    private Keccak256() {
    }

    public static byte[] hash(byte[] message) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(message, 0, message.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}

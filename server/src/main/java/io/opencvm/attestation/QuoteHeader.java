package io.opencvm.attestation;

/**
 * The 48-byte quote header.
 *
 * @param attestationKeyType 2 = ECDSA-256-with-P-256
 * @param teeType {@code 0x81} = TDX
 * @param qeSvn reserved in TDX quotes (the SGX layout's QE SVN)
 * @param pceSvn reserved in TDX quotes (the SGX layout's PCE SVN)
 * @param qeVendorId 16 bytes; Intel's is {@code 939a7233f79c4ca9940a0db3957f0607}
 * @param userData 20 bytes; Intel's quote library puts a 16-byte QE id (a platform identifier) first
 */
public record QuoteHeader(int version, int attestationKeyType, long teeType, int qeSvn, int pceSvn, byte[] qeVendorId,
        byte[] userData) {

    public static final int SIZE = 48;
}

package io.opencvm.attestation;

/**
 * The quoting enclave's own 384-byte SGX report, signed by the PCK key.
 *
 * @param reportData 64 bytes; the first 32 are {@code sha256(attestation key ‖ QE authentication data)}
 * @param bytes the whole report, as signed
 */
public record EnclaveReport(byte[] cpuSvn, long miscSelect, byte[] attributes, byte[] mrEnclave, byte[] mrSigner,
        int isvProdId, int isvSvn, byte[] reportData, byte[] bytes) {

    public static final int SIZE = 384;
}

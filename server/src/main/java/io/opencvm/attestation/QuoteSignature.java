package io.opencvm.attestation;

/**
 * The quote's signature data (ECDSA-256): the signature over header and TD report, the attestation key, and
 * certification data type 6 (QE report certification data) wrapping type 5 (the PCK certificate chain).
 *
 * @param signature {@code r ‖ s}, 64 bytes
 * @param attestationKey {@code x ‖ y} of the P-256 attestation key, 64 bytes
 * @param qeReportSignature {@code r ‖ s} by the PCK key over the QE report
 * @param pckChainPem the PCK leaf, its intermediate and (usually) the root, in PEM
 */
public record QuoteSignature(byte[] signature, byte[] attestationKey, int certificationDataType,
        EnclaveReport qeReport, byte[] qeReportSignature, byte[] qeAuthData, int pckCertificationDataType,
        String pckChainPem) {
}

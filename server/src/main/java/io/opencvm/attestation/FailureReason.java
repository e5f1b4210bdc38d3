package io.opencvm.attestation;

/** Why evidence failed, one value per check of {@link AttestationVerifier}. */
public enum FailureReason {
    /** The quote's bytes are not a TDX quote v4 with ECDSA-256 and a PCK chain. */
    MALFORMED_QUOTE,
    /** The attestation key's signature over header and TD report does not verify: a byte of them changed. */
    QUOTE_SIGNATURE_INVALID,
    /** The PCK key's signature over the QE report does not verify. */
    QE_REPORT_SIGNATURE_INVALID,
    /** The QE report's data is not {@code sha256(attestation key ‖ QE authentication data)}. */
    ATTESTATION_KEY_NOT_BOUND,
    /** The PCK chain does not parse, a certificate is not signed by the next, or an issuer is no CA. */
    PCK_CHAIN_INVALID,
    /** The PCK chain does not end at the configured root. */
    UNTRUSTED_ROOT,
    /** A certificate of the chain (or the root) had expired at verification time. */
    CERTIFICATE_EXPIRED,
    /** A certificate of the chain (or the root) was not yet valid at verification time. */
    CERTIFICATE_NOT_YET_VALID,
    /** A runtime event's stated digest is not that of its name and payload: the entry was changed. */
    EVENT_LOG_ENTRY_TAMPERED,
    /** An RTMR replayed from the event log differs from the quote's. */
    RTMR_MISMATCH,
    /** The report data does not bind the RA-TLS certificate's key. */
    REPORT_DATA_NOT_BOUND
}

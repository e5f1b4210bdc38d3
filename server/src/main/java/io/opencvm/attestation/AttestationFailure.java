package io.opencvm.attestation;

/** One failed check, with what exactly did not hold. */
public record AttestationFailure(FailureReason reason, String detail) {
}

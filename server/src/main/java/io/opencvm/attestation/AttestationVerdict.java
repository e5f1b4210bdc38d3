package io.opencvm.attestation;

import java.util.List;

/**
 * The outcome of {@link AttestationVerifier#verify}: verified or not, against which root, and every check that
 * failed. With a simulated root, {@code verified} only means the evidence is consistent and signed by the
 * simulator; {@link #summary()} says so in words.
 *
 * @param rootSimulated the configured root is the opencvm simulator's, not Intel's
 * @param facts {@code null} when the quote could not be parsed
 */
public record AttestationVerdict(boolean verified, boolean rootSimulated, String rootSubject,
        List<AttestationFailure> failures, QuoteFacts facts) {

    public AttestationVerdict {
        failures = List.copyOf(failures);
    }

    public boolean failed(FailureReason reason) {
        return failures.stream().anyMatch(f -> f.reason() == reason);
    }

    /** One sentence for people: what was proven and against what, or why not. */
    public String summary() {
        String root = rootSimulated
                ? "the opencvm simulator's TDX root (" + rootSubject + "), which proves nothing about real hardware"
                : "the configured root (" + rootSubject + ")";
        if (verified) {
            return "Verified: the quote, its quoting enclave and PCK chain check out against " + root
                    + ", and the event log replays to the quoted RTMRs.";
        }
        return "Not verified against " + root + ": " + String.join("; ",
                failures.stream().map(f -> f.reason() + ": " + f.detail()).toList()) + ".";
    }
}

package io.opencvm.attestation;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What is checked together: a quote, the event log its RTMRs should replay, and optionally the RA-TLS certificate
 * whose key the quote's report data must bind.
 *
 * @param raTlsCertificate {@code null} when the quote came without one
 */
public record AttestationEvidence(byte[] quote, List<EventLogEntry> eventLog, X509Certificate raTlsCertificate) {

    public AttestationEvidence {
        eventLog = List.copyOf(eventLog);
    }

    /**
     * The evidence inside a guest's {@code app_cert}: the leaf's RA-TLS quote and event-log extensions, and the
     * leaf itself.
     *
     * @throws QuoteFormatException when the leaf carries no quote
     * @throws EventLogFormatException when its event log is malformed
     */
    public static AttestationEvidence fromAppCertificate(String pemChain) {
        List<X509Certificate> chain = CertificateChains.parse(pemChain);
        if (chain.isEmpty()) {
            throw new QuoteFormatException("the app certificate chain holds no certificate");
        }
        X509Certificate leaf = chain.get(0);
        byte[] quote = CertificateChains.extension(leaf, CertificateChains.RA_TLS_QUOTE);
        if (quote == null) {
            throw new QuoteFormatException("the app certificate carries no RA-TLS quote");
        }
        byte[] log = CertificateChains.extension(leaf, CertificateChains.RA_TLS_EVENT_LOG);
        return new AttestationEvidence(quote,
                log == null ? List.of() : EventLog.parse(new String(log, StandardCharsets.UTF_8)), leaf);
    }

    public AttestationEvidence withEventLog(List<EventLogEntry> other) {
        return new AttestationEvidence(quote, other, raTlsCertificate);
    }

    public AttestationEvidence withQuote(byte[] other) {
        return new AttestationEvidence(other, eventLog, raTlsCertificate);
    }
}

package io.opencvm.attestation;

import java.time.Instant;
import java.util.List;

/**
 * What the API shows of one certificate ({@code app_certificates[]} of {@code GET /cvms/{id}/attestation}).
 *
 * @param serialNumber lower-case hex
 * @param version {@code v3}
 * @param fingerprint SHA-256 of the DER, lower-case hex
 * @param signatureAlgorithm the OID's usual name, e.g. {@code ecdsa-with-SHA256}
 * @param sans DNS names and IP addresses of the subject alternative name
 * @param positionInChain 0 = leaf
 * @param quote hex of the RA-TLS TDX quote extension, or {@code null}
 * @param appId hex of the RA-TLS app id extension, or {@code null}
 * @param certUsage the RA-TLS special usage ({@code app:custom}, {@code app:ca}, …), or {@code null}
 */
public record CertificateSummary(Subject subject, Issuer issuer, String serialNumber, Instant notBefore,
        Instant notAfter, String version, String fingerprint, String signatureAlgorithm, List<String> sans,
        boolean isCa, Integer positionInChain, String quote, String appId, String certUsage) {

    public CertificateSummary {
        sans = List.copyOf(sans);
    }

    /** Subject name parts; {@code null} when absent. */
    public record Subject(String commonName, String organization, String country, String state, String locality) {
    }

    /** Issuer name parts; {@code null} when absent. */
    public record Issuer(String commonName, String organization, String country) {
    }
}

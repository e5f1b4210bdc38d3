package io.opencvm.attestation;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * The root a PCK chain must end at, as configured: Intel's SGX root CA in production, the opencvm simulator's root
 * with simulated nodes. {@code simulated} makes every verdict say that nothing was proven about real hardware.
 */
public record TrustedRoot(X509Certificate certificate, boolean simulated) {

    /**
     * The first certificate of {@code pem}; it counts as the simulator's when its subject says so (the simulator
     * names every certificate of its TDX PKI "opencvm simulated …").
     *
     * @throws IllegalArgumentException when {@code pem} holds no certificate
     */
    public static TrustedRoot fromPem(String pem) {
        List<X509Certificate> certificates = CertificateChains.parse(pem);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificate in the configured trusted root");
        }
        X509Certificate root = certificates.get(0);
        String subject = root.getSubjectX500Principal().getName().toLowerCase(Locale.ROOT);
        return new TrustedRoot(root, subject.contains("opencvm simulated") || subject.contains("opencvm simulator"));
    }

    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }
}

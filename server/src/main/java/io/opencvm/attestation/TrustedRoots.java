package io.opencvm.attestation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The root attestation checks against: the PEM file {@code opencvm.attestation.trusted-root}
 * ({@code OPENCVM_TDX_ROOT_FILE}; Intel's SGX root CA in production, or a simulator's {@code --write-tdx-root}), else
 * the simulated fleet's root when the embedded default runs, else none (verification then says so).
 */
@Component
public class TrustedRoots {

    private final Optional<AttestationVerifier> verifier;

    TrustedRoots(@Value("${opencvm.attestation.trusted-root:${OPENCVM_TDX_ROOT_FILE:}}") String file,
                 ObjectProvider<TrustedRoot> provided, Clock clock) {
        TrustedRoot root = file.isBlank() ? provided.getIfAvailable() : TrustedRoot.fromPem(read(Path.of(file)));
        this.verifier = Optional.ofNullable(root).map(r -> new AttestationVerifier(r, clock));
    }

    /** The verifier for the configured root; empty when no root is configured. */
    public Optional<AttestationVerifier> verifier() {
        return verifier;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trusted TDX root " + file, e);
        }
    }
}

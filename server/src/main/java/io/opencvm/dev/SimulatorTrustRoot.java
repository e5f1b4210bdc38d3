package io.opencvm.dev;

import io.opencvm.attestation.TrustedRoot;
import io.opencvm.vmmsim.pki.SimulatedTdxPki;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * With the simulated fleet, quotes are signed by the simulator's TDX PKI: its root is the one attestation checks
 * against (every verdict then says it proves nothing about real hardware). A configured root file wins over it.
 */
@Configuration
@Conditional(EmbeddedFleetCondition.class)
class SimulatorTrustRoot {

    @Bean
    TrustedRoot simulatedTdxRoot() {
        return TrustedRoot.fromPem(SimulatedTdxPki.rootCertificatePem());
    }
}

package io.opencvm.attestation;

import static io.opencvm.attestation.FailureReason.ATTESTATION_KEY_NOT_BOUND;
import static io.opencvm.attestation.FailureReason.CERTIFICATE_EXPIRED;
import static io.opencvm.attestation.FailureReason.CERTIFICATE_NOT_YET_VALID;
import static io.opencvm.attestation.FailureReason.EVENT_LOG_ENTRY_TAMPERED;
import static io.opencvm.attestation.FailureReason.MALFORMED_QUOTE;
import static io.opencvm.attestation.FailureReason.PCK_CHAIN_INVALID;
import static io.opencvm.attestation.FailureReason.QE_REPORT_SIGNATURE_INVALID;
import static io.opencvm.attestation.FailureReason.QUOTE_SIGNATURE_INVALID;
import static io.opencvm.attestation.FailureReason.REPORT_DATA_NOT_BOUND;
import static io.opencvm.attestation.FailureReason.RTMR_MISMATCH;
import static io.opencvm.attestation.FailureReason.UNTRUSTED_ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.vmmsim.pki.CertificateBuilder;
import io.opencvm.vmmsim.pki.Names;
import io.opencvm.vmmsim.pki.P256Key;
import io.opencvm.vmmsim.pki.Pem;
import io.opencvm.vmmsim.pki.SimulatedTdxPki;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The verifier against a quote the node simulator really produced (read through {@code /guest/Info} over HTTP),
 * then against that quote and event log with one thing broken at a time.
 */
class AttestationVerifierTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-08-07T10:00:00Z"), ZoneOffset.UTC);
    private static final TrustedRoot SIMULATOR_ROOT = TrustedRoot.fromPem(SimulatedTdxPki.rootCertificatePem());
    private static SimulatedGuest guest;
    private static JsonNode info;
    private static AttestationEvidence evidence;

    @BeforeAll
    static void bootAGuest() {
        guest = new SimulatedGuest();
        info = guest.info();
        evidence = AttestationEvidence.fromAppCertificate(info.get("app_cert").asString());
    }

    @AfterAll
    static void stop() {
        guest.close();
    }

    @Test
    void aSimulatedQuoteVerifiesAndTheVerdictSaysTheRootIsTheSimulators() {
        AttestationVerdict verdict = new AttestationVerifier(SIMULATOR_ROOT, NOW).verify(evidence);
        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.verified()).isTrue();
        assertThat(verdict.rootSimulated()).isTrue();
        assertThat(verdict.rootSubject()).contains("CN=opencvm simulated TDX root CA");
        assertThat(verdict.summary()).startsWith("Verified:").contains("which proves nothing about real hardware");

        TcbInfo tcb = TcbInfo.parse(info.get("tcb_info").asString());
        QuoteFacts facts = verdict.facts();
        assertThat(facts.mrtd()).isEqualTo(tcb.mrtd());
        assertThat(facts.rtmrs()).containsExactly(tcb.rtmr0(), tcb.rtmr1(), tcb.rtmr2(), tcb.rtmr3());
        assertThat(facts.mrAggregated()).isEqualTo(tcb.mrAggregated());
        assertThat(facts.ppid()).isEqualTo(guest.node.profile().ppid());
        assertThat(facts.deviceId()).isEqualTo(guest.node.profile().deviceId()).isEqualTo(info.get("device_id").asString());
        assertThat(facts.fmspc()).isEqualTo("00806f050000");
        assertThat(facts.appId()).isEqualTo(info.get("app_id").asString());
        assertThat(facts.instanceId()).isEqualTo(info.get("instance_id").asString());
        assertThat(facts.composeHash()).isEqualTo(tcb.composeHash());
        assertThat(facts.osImageHash()).isEqualTo(tcb.osImageHash());
        assertThat(facts.keyProvider()).startsWith("{\"name\":\"kms\",\"id\":\"30593013");
    }

    @Test
    void theEventLogInTcbInfoReplaysToTheSameQuote() {
        TcbInfo tcb = TcbInfo.parse(info.get("tcb_info").asString());
        AttestationVerdict verdict = new AttestationVerifier(SIMULATOR_ROOT, NOW)
                .verify(evidence.withEventLog(tcb.eventLog()));
        assertThat(verdict.verified()).isTrue();
    }

    /** Offsets in a TDX quote v4: header 0..47, TD report 48..631, then the signature data. */
    static Stream<Arguments> regions() {
        int report = 48;
        int sigData = 48 + 584 + 4;
        int qeReport = sigData + 64 + 64 + 2 + 4;
        int qeSignature = qeReport + 384;
        int authData = qeSignature + 64 + 2;
        return Stream.of(
                Arguments.of("header version", 0, Set.of(MALFORMED_QUOTE)),
                Arguments.of("header QE vendor id", 20, Set.of(QUOTE_SIGNATURE_INVALID)),
                Arguments.of("header user data", 30, Set.of(QUOTE_SIGNATURE_INVALID)),
                Arguments.of("TD report MRSEAM", report + 20, Set.of(QUOTE_SIGNATURE_INVALID)),
                Arguments.of("TD report MRTD", report + 136, Set.of(QUOTE_SIGNATURE_INVALID)),
                Arguments.of("TD report RTMR0", report + 328, Set.of(QUOTE_SIGNATURE_INVALID, RTMR_MISMATCH)),
                Arguments.of("TD report RTMR3", report + 472, Set.of(QUOTE_SIGNATURE_INVALID, RTMR_MISMATCH)),
                Arguments.of("TD report REPORTDATA", report + 530, Set.of(QUOTE_SIGNATURE_INVALID, REPORT_DATA_NOT_BOUND)),
                Arguments.of("quote signature", sigData + 10, Set.of(QUOTE_SIGNATURE_INVALID)),
                Arguments.of("attestation key", sigData + 64 + 10, Set.of(QUOTE_SIGNATURE_INVALID,
                        ATTESTATION_KEY_NOT_BOUND)),
                Arguments.of("QE report MRENCLAVE", qeReport + 70, Set.of(QE_REPORT_SIGNATURE_INVALID)),
                Arguments.of("QE report data", qeReport + 330, Set.of(QE_REPORT_SIGNATURE_INVALID,
                        ATTESTATION_KEY_NOT_BOUND)),
                Arguments.of("QE report signature", qeSignature + 5, Set.of(QE_REPORT_SIGNATURE_INVALID)),
                Arguments.of("QE authentication data", authData + 3, Set.of(ATTESTATION_KEY_NOT_BOUND)));
    }

    @ParameterizedTest(name = "a flipped byte in the {0} fails with {2}")
    @MethodSource("regions")
    void oneFlippedByteInEachRegionFailsWithTheRightReason(String region, int offset, Set<FailureReason> expected) {
        byte[] quote = evidence.quote().clone();
        quote[offset] ^= 0x01;
        AttestationVerdict verdict = new AttestationVerifier(SIMULATOR_ROOT, NOW).verify(evidence.withQuote(quote));
        assertThat(verdict.verified()).isFalse();
        assertThat(reasons(verdict)).isEqualTo(expected);
        assertThat(verdict.summary()).startsWith("Not verified against the opencvm simulator's TDX root");
    }

    @Test
    void aChangedCharacterInThePckLeafBreaksTheChain() {
        byte[] quote = evidence.quote().clone();
        String text = new String(quote, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("-----END CERTIFICATE-----");
        int at = end - 12;
        while (!Character.isLetterOrDigit(text.charAt(at))) {
            at--;
        }
        quote[at] = (byte) (quote[at] == 'A' ? 'B' : 'A');
        AttestationVerdict verdict = new AttestationVerifier(SIMULATOR_ROOT, NOW).verify(evidence.withQuote(quote));
        assertThat(reasons(verdict)).containsExactly(PCK_CHAIN_INVALID);
        assertThat(verdict.failures().get(0).detail()).contains("certificate 0").contains("PCK Certificate");
    }

    @Test
    void aTamperedEventPayloadIsNamedAndBreaksTheReplay() {
        List<EventLogEntry> log = new ArrayList<>(evidence.eventLog());
        int index = indexOf(log, "compose-hash");
        EventLogEntry e = log.get(index);
        byte[] payload = e.eventPayload().clone();
        payload[0] ^= 0x01;
        log.set(index, new EventLogEntry(e.imr(), e.eventType(), e.digest(), e.event(), payload));
        AttestationVerdict verdict = new AttestationVerifier(SIMULATOR_ROOT, NOW).verify(evidence.withEventLog(log));
        assertThat(reasons(verdict)).isEqualTo(Set.of(EVENT_LOG_ENTRY_TAMPERED, RTMR_MISMATCH));
        assertThat(verdict.failures().get(0).detail()).startsWith("event " + index + " (RTMR3, 'compose-hash')");
        assertThat(verdict.failures().get(1).detail()).startsWith("RTMR3 replayed from the event log");
    }

    @Test
    void aTamperedDigestIsNamedEvenThoughThePayloadStillReplays() {
        List<EventLogEntry> log = new ArrayList<>(evidence.eventLog());
        int index = indexOf(log, "instance-id");
        EventLogEntry e = log.get(index);
        byte[] digest = e.digest().clone();
        digest[5] ^= 0x01;
        log.set(index, new EventLogEntry(e.imr(), e.eventType(), digest, e.event(), e.eventPayload()));
        AttestationVerdict verdict = new AttestationVerifier(SIMULATOR_ROOT, NOW).verify(evidence.withEventLog(log));
        assertThat(reasons(verdict)).containsExactly(EVENT_LOG_ENTRY_TAMPERED);
        assertThat(verdict.failures().get(0).detail()).contains("'instance-id'");
    }

    @Test
    void aRemovedOrChangedBootEventFailsTheReplayOfItsRegister() {
        List<EventLogEntry> removed = new ArrayList<>(evidence.eventLog());
        removed.remove(indexOf(removed, "key-provider"));
        AttestationVerdict verdict = new AttestationVerifier(SIMULATOR_ROOT, NOW).verify(evidence.withEventLog(removed));
        assertThat(reasons(verdict)).containsExactly(RTMR_MISMATCH);
        assertThat(verdict.failures().get(0).detail()).startsWith("RTMR3").endsWith("(an event was added, removed or reordered)");

        List<EventLogEntry> boot = new ArrayList<>(evidence.eventLog());
        EventLogEntry first = boot.get(0);
        byte[] digest = first.digest().clone();
        digest[0] ^= 0x01;
        boot.set(0, new EventLogEntry(first.imr(), first.eventType(), digest, first.event(), first.eventPayload()));
        AttestationVerdict bootVerdict = new AttestationVerifier(SIMULATOR_ROOT, NOW).verify(evidence.withEventLog(boot));
        assertThat(reasons(bootVerdict)).containsExactly(RTMR_MISMATCH);
        assertThat(bootVerdict.failures().get(0).detail()).startsWith("RTMR0");
    }

    @Test
    void anotherRootFailsTheChainAndIsNotCalledTheSimulators() {
        P256Key key = P256Key.derive("some other root");
        String pem = Pem.certificate(CertificateBuilder.forKey(Names.of("Example Corp", "Example Root CA"), key)
                .validity(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2040-01-01T00:00:00Z")).ca(1)
                .signWith(key));
        TrustedRoot other = TrustedRoot.fromPem(pem);
        AttestationVerdict verdict = new AttestationVerifier(other, NOW).verify(evidence);
        assertThat(reasons(verdict)).containsExactly(UNTRUSTED_ROOT);
        assertThat(verdict.rootSimulated()).isFalse();
        assertThat(verdict.failures().get(0).detail()).contains("ends at CN=opencvm simulated TDX root CA")
                .contains("not at the configured root CN=Example Root CA,O=Example Corp");
        assertThat(verdict.summary()).startsWith("Not verified against the configured root (CN=Example Root CA");
    }

    @Test
    void anExpiredOrNotYetValidPckCertificateFails() {
        AttestationVerdict later = new AttestationVerifier(SIMULATOR_ROOT,
                Clock.fixed(Instant.parse("2033-01-01T00:00:00Z"), ZoneOffset.UTC)).verify(evidence);
        assertThat(reasons(later)).containsExactly(CERTIFICATE_EXPIRED);
        assertThat(later.failures().get(0).detail())
                .isEqualTo("PCK chain certificate 0 (CN=opencvm simulated PCK Certificate,O=opencvm simulator (not Intel))"
                        + " expired at 2032-01-01T00:00:00Z");

        AttestationVerdict earlier = new AttestationVerifier(SIMULATOR_ROOT,
                Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC)).verify(evidence);
        assertThat(reasons(earlier)).containsExactly(CERTIFICATE_NOT_YET_VALID);
    }

    @Test
    void aQuoteForAnotherKeyIsNotBoundToThisCertificate() {
        AttestationEvidence otherCert = new AttestationEvidence(evidence.quote(), evidence.eventLog(),
                CertificateChains.parse(info.get("app_cert").asString()).get(1));
        AttestationVerdict verdict = new AttestationVerifier(SIMULATOR_ROOT, NOW).verify(otherCert);
        assertThat(reasons(verdict)).containsExactly(REPORT_DATA_NOT_BOUND);
    }

    private static Set<FailureReason> reasons(AttestationVerdict verdict) {
        return verdict.failures().stream().map(AttestationFailure::reason).collect(Collectors.toSet());
    }

    private static int indexOf(List<EventLogEntry> log, String event) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).event().equals(event)) {
                return i;
            }
        }
        throw new AssertionError("no " + event + " event");
    }
}

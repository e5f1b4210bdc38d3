package io.opencvm.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Parsing a real simulated quote, event log, TCB info and certificate chain, and refusing garbled ones clearly. */
class EvidenceParsingTest {

    private static SimulatedGuest guest;
    private static JsonNode info;
    private static byte[] quote;

    @BeforeAll
    static void bootAGuest() {
        guest = new SimulatedGuest();
        info = guest.info();
        quote = AttestationEvidence.fromAppCertificate(info.get("app_cert").asString()).quote();
    }

    @AfterAll
    static void stop() {
        guest.close();
    }

    @Test
    void everyFieldOfTheQuoteIsRead() {
        TdxQuote q = TdxQuote.parse(quote);
        assertThat(q.header().version()).isEqualTo(4);
        assertThat(q.header().attestationKeyType()).isEqualTo(2);
        assertThat(q.header().teeType()).isEqualTo(0x81);
        assertThat(HexFormat.of().formatHex(q.header().qeVendorId())).isEqualTo("939a7233f79c4ca9940a0db3957f0607");
        assertThat(q.header().userData()).hasSize(20);
        TdReport r = q.report();
        assertThat(List.of(r.teeTcbSvn().length, r.mrSeam().length, r.mrSignerSeam().length, r.seamAttributes().length,
                r.tdAttributes().length, r.xfam().length, r.mrTd().length, r.mrConfigId().length, r.mrOwner().length,
                r.mrOwnerConfig().length, r.reportData().length)).containsExactly(16, 48, 48, 8, 8, 8, 48, 48, 48, 48, 64);
        assertThat(r.rtmrs()).hasSize(4);
        assertThat(HexFormat.of().formatHex(r.tdAttributes())).isEqualTo("0000001000000000");
        QuoteSignature s = q.signature();
        assertThat(s.signature()).hasSize(64);
        assertThat(s.attestationKey()).hasSize(64);
        assertThat(s.certificationDataType()).isEqualTo(6);
        assertThat(s.qeReport().isvProdId()).isEqualTo(2);
        assertThat(s.qeReport().bytes()).hasSize(384);
        assertThat(s.qeAuthData()).hasSize(32);
        assertThat(s.pckCertificationDataType()).isEqualTo(5);
        assertThat(CertificateChains.parse(s.pckChainPem())).hasSize(3);
        assertThat(q.signedRegion()).hasSize(632);
    }

    @Test
    void aTruncatedOrForeignQuoteIsRefusedWithWhereAndWhy() {
        assertThatThrownBy(() -> TdxQuote.parse(new byte[0])).hasMessage("quote is empty");
        assertThatThrownBy(() -> TdxQuote.parse(Arrays.copyOf(quote, 20)))
                .isInstanceOf(QuoteFormatException.class)
                .hasMessage("quote is truncated: the header's QE vendor id needs 16 bytes at offset 12, only 8 left");
        assertThatThrownBy(() -> TdxQuote.parse(Arrays.copyOf(quote, 200)))
                .hasMessage("quote is truncated: the TD report (MRTD) needs 48 bytes at offset 184, only 16 left");
        assertThatThrownBy(() -> TdxQuote.parse(Arrays.copyOf(quote, quote.length - 1)))
                .hasMessageStartingWith("quote is garbled: the signature data length says");
        byte[] longer = Arrays.copyOf(quote, quote.length + 3);
        assertThatThrownBy(() -> TdxQuote.parse(longer)).hasMessageStartingWith("quote is garbled:");
        byte[] v3 = quote.clone();
        v3[0] = 3;
        assertThatThrownBy(() -> TdxQuote.parse(v3)).hasMessage("quote version 3 is not supported (expected 4)");
        byte[] sgx = quote.clone();
        sgx[4] = 0;
        assertThatThrownBy(() -> TdxQuote.parse(sgx)).hasMessage("TEE type 0x00000000 is not TDX (expected 0x00000081)");
        byte[] rsa = quote.clone();
        rsa[2] = 3;
        assertThatThrownBy(() -> TdxQuote.parse(rsa))
                .hasMessage("attestation key type 3 is not supported (expected 2, ECDSA-256-with-P-256)");
        byte[] certType = quote.clone();
        certType[48 + 584 + 4 + 128] = 5;
        assertThatThrownBy(() -> TdxQuote.parse(certType))
                .hasMessage("certification data type 5 is not supported (expected 6, QE report certification data)");
    }

    @Test
    void theTcbInfoAndItsEventLogParse() {
        TcbInfo tcb = TcbInfo.parse(info.get("tcb_info").asString());
        assertThat(tcb.mrtd()).hasSize(96);
        assertThat(tcb.rtmr3()).hasSize(96);
        assertThat(tcb.deviceId()).isEqualTo(info.get("device_id").asString());
        assertThat(tcb.appCompose()).isEqualTo(SimulatedGuest.COMPOSE);
        assertThat(tcb.rootfsHash()).isNull();
        assertThat(tcb.eventLog()).hasSize(26);
        assertThat(tcb.eventLog().stream().filter(EventLogEntry::isRuntimeEvent)).hasSize(8);
        EventLogEntry appId = tcb.eventLog().stream().filter(e -> e.event().equals("app-id")).findFirst().orElseThrow();
        assertThat(appId.imr()).isEqualTo(3);
        assertThat(appId.eventType()).isEqualTo(0x08000001L);
        assertThat(appId.isRuntimeEvent()).isTrue();
        assertThat(appId.eventPayloadHex()).isEqualTo(info.get("app_id").asString());
        assertThat(appId.digestHex()).isEqualTo(HexFormat.of().formatHex(
                RtmrReplay.runtimeDigest("app-id", HexFormat.of().parseHex(info.get("app_id").asString()))));
        assertThat(HexFormat.of().formatHex(RtmrReplay.of(tcb.eventLog()).rtmr(3))).isEqualTo(tcb.rtmr3());
    }

    @Test
    void aGarbledEventLogIsRefusedNamingTheEntry() {
        assertThatThrownBy(() -> EventLog.parse("not json")).isInstanceOf(EventLogFormatException.class)
                .hasMessageStartingWith("event log is not JSON");
        assertThatThrownBy(() -> EventLog.parse("{}")).hasMessage("event log must be a JSON array of events");
        assertThatThrownBy(() -> EventLog.parse("[{\"imr\":7,\"event_type\":1,\"digest\":\"00\",\"event\":\"\","
                + "\"event_payload\":\"\"}]")).hasMessage("event 0: imr 7 is not 0..3");
        assertThatThrownBy(() -> EventLog.parse("[{\"imr\":3,\"event_type\":1,\"digest\":\"zz\",\"event\":\"\","
                + "\"event_payload\":\"\"}]")).hasMessage("event 0: digest is not hex");
        assertThatThrownBy(() -> EventLog.parse("[{\"imr\":3,\"digest\":\"00\"}]"))
                .hasMessage("event 0: event_type must be a non-negative integer");
        assertThatThrownBy(() -> TcbInfo.parse("[]")).hasMessage("tcb_info must be a JSON object");
    }

    @Test
    void theAppCertificateChainIsSummarisedForTheApi() {
        List<CertificateSummary> chain = CertificateChains.summarize(info.get("app_cert").asString());
        assertThat(chain).hasSize(3);
        CertificateSummary leaf = chain.get(0);
        assertThat(leaf.subject()).isEqualTo(new CertificateSummary.Subject("demo-cert", null, null, null, null));
        assertThat(leaf.issuer()).isEqualTo(new CertificateSummary.Issuer("Dstack App CA", "Dstack", null));
        assertThat(leaf.positionInChain()).isZero();
        assertThat(leaf.isCa()).isFalse();
        assertThat(leaf.version()).isEqualTo("v3");
        assertThat(leaf.signatureAlgorithm()).isEqualTo("ecdsa-with-SHA256");
        assertThat(leaf.fingerprint()).matches("[0-9a-f]{64}");
        assertThat(leaf.serialNumber()).matches("[0-9a-f]+");
        assertThat(leaf.quote()).isEqualTo(HexFormat.of().formatHex(quote));
        assertThat(leaf.appId()).isEqualTo(info.get("app_id").asString());
        assertThat(leaf.certUsage()).isEqualTo("app:custom");
        assertThat(leaf.notBefore()).isEqualTo("1975-01-01T00:00:00Z");
        assertThat(leaf.notAfter()).isAfter(leaf.notBefore());
        assertThat(leaf.sans()).isEmpty();
        assertThat(chain.get(1).isCa()).isTrue();
        assertThat(chain.get(1).certUsage()).isEqualTo("app:ca");
        assertThat(chain.get(1).quote()).isNull();
        assertThat(chain.get(2).subject().commonName()).isEqualTo("Dstack KMS CA");
        assertThat(chain.get(2).positionInChain()).isEqualTo(2);
        assertThat(chain.get(2).appId()).isNull();
    }
}

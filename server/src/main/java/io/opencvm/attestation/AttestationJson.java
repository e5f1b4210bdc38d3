package io.opencvm.attestation;

import io.opencvm.cvm.Cvm;
import io.opencvm.node.Node;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of attestation: a CVM's evidence, an app's, a TCB evaluation, an uploaded quote, the nodes. */
final class AttestationJson {

    private static final HexFormat HEX = HexFormat.of();

    private AttestationJson() {
    }

    /** {@code CvmAttestation}, plus {@code verification}: what the verifier found, in words and by check. */
    static Map<String, Object> cvm(AttestationService.CvmEvidence e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.view().cvm().name());
        m.put("is_online", e.online());
        m.put("is_public", bool(e.view().compose(), "public_tcbinfo"));
        m.put("error", e.error());
        m.put("app_certificates", e.certificates() == null ? null : e.certificates().stream().map(AttestationJson::certificate).toList());
        m.put("tcb_info", e.tcb() == null ? null : tcbInfo(e.tcb()));
        m.put("compose_file", e.tcb() != null && e.tcb().appCompose() != null && !e.tcb().appCompose().isEmpty()
                ? e.tcb().appCompose() : e.view().compose().toString());
        m.put("verification", verification(e));
        return m;
    }

    /** One instance of {@code GET /apps/{app_id}/attestations}: its ids and status, quote, event log and verdict. */
    static Map<String, Object> instance(AttestationService.CvmEvidence e) {
        Cvm cvm = e.view().cvm();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vm_uuid", cvm.vmUuid());
        m.put("name", cvm.name());
        m.put("instance_id", cvm.instanceId());
        m.put("status", cvm.status().wire());
        m.put("node", e.view().node().name());
        m.put("is_online", e.online());
        m.put("error", e.error());
        m.put("quote", e.quote() == null ? null : HEX.formatHex(e.quote()));
        m.put("tcb_info", e.tcb() == null ? null : tcbInfo(e.tcb()));
        m.put("app_certificates", e.certificates() == null ? null : e.certificates().stream().map(AttestationJson::certificate).toList());
        m.put("verification", verification(e));
        return m;
    }

    /** {@code TcbEvaluationInstance}: what can be said offline; the TCB status itself needs Intel's collateral. */
    static Map<String, Object> tcbEvaluation(AttestationService.CvmEvidence e) {
        Cvm cvm = e.view().cvm();
        QuoteFacts facts = e.verdict() == null ? null : e.verdict().facts();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vm_uuid", cvm.vmUuid());
        m.put("name", cvm.name());
        m.put("instance_id", cvm.instanceId());
        m.put("status", cvm.status().wire());
        m.put("image_version", e.view().node().image(cvm.spec().image()).map(i -> i.version()).orElse(null));
        m.put("ppid", facts == null || facts.ppid() == null ? "" : facts.ppid());
        m.put("device_id", facts == null ? null : facts.deviceId());
        m.put("evaluation_update", "early");
        m.put("evaluation_ok", null);
        m.put("evaluation_status", null);
        m.put("error", !e.online() ? e.error() : "TCB evaluation needs Intel PCS collateral, which this server does not "
                + "fetch; the quote itself was " + (e.verdict() == null ? "not checked (" + e.unverifiedBecause() + ")"
                : e.verdict().summary()));
        return m;
    }

    /** {@code VerificationResponse} of an uploaded quote, with the parsed quote when it parses. */
    static Map<String, Object> uploaded(QuoteStore.StoredQuote stored, AttestationVerdict verdict, List<Node> nodes) {
        QuoteFacts facts = verdict.facts();
        boolean ours = facts != null && facts.ppid() != null
                && nodes.stream().anyMatch(n -> facts.ppid().equalsIgnoreCase(n.facts().ppid()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", stored.checksum());
        m.put("success", verdict.verified());
        m.put("proof_of_cloud", verdict.verified() && ours && !verdict.rootSimulated());
        m.put("quote", quote(stored.quote(), verdict.verified()));
        m.put("checksum", stored.checksum());
        m.put("can_download", true);
        m.put("uploaded_at", stored.uploadedAt().toString());
        m.put("verified_at", stored.verifiedAt().toString());
        m.put("quote_collateral", null);
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("proof_of_cloud", verdict.verified() && ours && !verdict.rootSimulated());
        provider.put("provider", ours ? "opencvm" : null);
        provider.put("ppid", facts == null || facts.ppid() == null ? "" : facts.ppid());
        m.put("node_provider", provider);
        m.put("summary", verdict.summary());
        m.put("failures", failures(verdict));
        return m;
    }

    static Map<String, Object> recentItem(QuoteStore.StoredQuote q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.checksum());
        m.put("checksum", q.checksum());
        m.put("verified", q.verified());
        m.put("summary", q.summary());
        m.put("uploaded_at", q.uploadedAt().toString());
        return m;
    }

    /** {@code NodeRef}. */
    static Map<String, Object> node(Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object_type", "node");
        m.put("id", n.id());
        m.put("node_id", n.id());
        m.put("name", n.name());
        m.put("region", n.settings().region());
        m.put("device_id", n.deviceId());
        m.put("ppid", n.facts().ppid());
        m.put("status", n.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("version", n.facts().version());
        return m;
    }

    private static Map<String, Object> verification(AttestationService.CvmEvidence e) {
        Map<String, Object> m = new LinkedHashMap<>();
        AttestationVerdict v = e.verdict();
        m.put("verified", v != null && v.verified());
        m.put("root_simulated", v != null && v.rootSimulated());
        m.put("root", v == null ? null : v.rootSubject());
        m.put("summary", v != null ? v.summary() : e.online() ? "Not verified: " + e.unverifiedBecause() + "."
                : "Not verified: the guest could not be asked.");
        m.put("failures", v == null ? List.of() : failures(v));
        return m;
    }

    private static List<Map<String, String>> failures(AttestationVerdict v) {
        return v.failures().stream().map(f -> Map.of("reason", f.reason().name(), "detail", f.detail())).toList();
    }

    private static Map<String, Object> certificate(CertificateSummary c) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("common_name", c.subject().commonName());
        subject.put("organization", c.subject().organization());
        subject.put("country", c.subject().country());
        subject.put("state", c.subject().state());
        subject.put("locality", c.subject().locality());
        Map<String, Object> issuer = new LinkedHashMap<>();
        issuer.put("common_name", c.issuer().commonName());
        issuer.put("organization", c.issuer().organization());
        issuer.put("country", c.issuer().country());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject);
        m.put("issuer", issuer);
        m.put("serial_number", c.serialNumber());
        m.put("not_before", c.notBefore().toString());
        m.put("not_after", c.notAfter().toString());
        m.put("version", c.version());
        m.put("fingerprint", c.fingerprint());
        m.put("signature_algorithm", c.signatureAlgorithm());
        m.put("sans", c.sans());
        m.put("is_ca", c.isCa());
        m.put("position_in_chain", c.positionInChain());
        m.put("quote", c.quote());
        m.put("app_id", c.appId());
        m.put("cert_usage", c.certUsage());
        return m;
    }

    private static Map<String, Object> tcbInfo(TcbInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mrtd", t.mrtd());
        m.put("rootfs_hash", t.rootfsHash());
        m.put("rtmr0", t.rtmr0());
        m.put("rtmr1", t.rtmr1());
        m.put("rtmr2", t.rtmr2());
        m.put("rtmr3", t.rtmr3());
        m.put("event_log", t.eventLog().stream().map(AttestationJson::event).toList());
        m.put("app_compose", t.appCompose() == null ? "" : t.appCompose());
        return m;
    }

    private static Map<String, Object> event(EventLogEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("imr", e.imr());
        m.put("event_type", e.eventType());
        m.put("digest", e.digestHex());
        m.put("event", e.event());
        m.put("event_payload", e.eventPayloadHex());
        return m;
    }

    private static Map<String, Object> quote(byte[] bytes, boolean verified) {
        TdxQuote q;
        try {
            q = TdxQuote.parse(bytes);
        } catch (QuoteFormatException e) {
            return null;
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("version", q.header().version());
        header.put("ak_type", q.header().attestationKeyType());
        header.put("tee_type", q.header().teeType());
        header.put("qe_vendor", HEX.formatHex(q.header().qeVendorId()));
        header.put("user_data", HEX.formatHex(q.header().userData()));
        TdReport r = q.report();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tee_tcb_svn", HEX.formatHex(r.teeTcbSvn()));
        body.put("mrseam", HEX.formatHex(r.mrSeam()));
        body.put("mrsignerseam", HEX.formatHex(r.mrSignerSeam()));
        body.put("seamattributes", HEX.formatHex(r.seamAttributes()));
        body.put("tdattributes", HEX.formatHex(r.tdAttributes()));
        body.put("xfam", HEX.formatHex(r.xfam()));
        body.put("mrtd", HEX.formatHex(r.mrTd()));
        body.put("mrconfig", HEX.formatHex(r.mrConfigId()));
        body.put("mrowner", HEX.formatHex(r.mrOwner()));
        body.put("mrownerconfig", HEX.formatHex(r.mrOwnerConfig()));
        for (int i = 0; i < 4; i++) {
            body.put("rtmr" + i, HEX.formatHex(r.rtmr(i)));
        }
        body.put("reportdata", HEX.formatHex(r.reportData()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("header", header);
        m.put("cert_data", q.signature().pckChainPem());
        m.put("body", body);
        m.put("verified", verified);
        return m;
    }

    private static boolean bool(JsonNode compose, String field) {
        JsonNode value = compose.get(field);
        return value != null && value.isBoolean() && value.asBoolean();
    }
}

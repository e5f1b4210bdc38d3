package io.opencvm.attestation;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.Tenancy;
import io.opencvm.app.App;
import io.opencvm.app.AppId;
import io.opencvm.app.AppService;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmService;
import io.opencvm.cvm.CvmStatus;
import io.opencvm.cvm.CvmView;
import io.opencvm.guest.GuestReading;
import io.opencvm.guest.GuestService;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import io.opencvm.vmm.GuestMessages.GuestInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Attestation as the API shows it: a CVM's evidence read from its guest through the node and checked by
 * {@link AttestationVerifier} against the configured root; uploaded quotes kept by checksum; the nodes' platform ids.
 */
@Service
class AttestationService {

    /** A CVM's evidence: the guest's answer, what it shows, and the verdict (null when nothing could be checked). */
    record CvmEvidence(CvmView view, String error, List<CertificateSummary> certificates, TcbInfo tcb,
                       AttestationVerdict verdict, String unverifiedBecause, byte[] quote) {

        boolean online() {
            return error == null;
        }
    }

    private final CvmService cvms;
    private final GuestService guests;
    private final AppService apps;
    private final NodeService nodes;
    private final TrustedRoots roots;
    private final QuoteStore quotes;
    private final Clock clock;

    AttestationService(CvmService cvms, GuestService guests, AppService apps, NodeService nodes, TrustedRoots roots,
                       QuoteStore quotes, Clock clock) {
        this.cvms = cvms;
        this.guests = guests;
        this.apps = apps;
        this.nodes = nodes;
        this.roots = roots;
        this.quotes = quotes;
        this.clock = clock;
    }

    /**
     * The evidence of the CVM {@code cvmId} names. Attestation is a read of the app (its instances share the app's
     * certificate chain), so here alone an app id that names several live CVMs of the workspace is not ambiguous: it
     * answers for the app's oldest running instance, else its oldest live one, as a replicate of the app picks its
     * source. The CLI asks {@code cvms/app_<app_id>/attestation} even for a replica.
     */
    CvmEvidence ofCvm(Caller caller, String cvmId) {
        try {
            return evidence(cvms.view(caller, cvmId));
        } catch (ApiException e) {
            if (e.errorCode() != ErrorCode.AMBIGUOUS_CVM_ID) {
                throw e;
            }
            return evidence(cvms.view(oldestInstance(caller, cvmId).orElseThrow(() -> e)));
        }
    }

    /** The oldest running live CVM of the app an app-form id names in the caller's workspace, else the oldest live one. */
    private Optional<Cvm> oldestInstance(Caller caller, String cvmId) {
        List<Cvm> live = Tenancy.visible(caller.workspaceId(), AppId.parse(cvmId).flatMap(apps::findByAppId))
                .map(app -> Tenancy.visible(caller.workspaceId(), cvms.liveOfApp(app.pk()))).orElse(List.of());
        return live.stream().filter(c -> c.status() == CvmStatus.RUNNING).min(Cvm.OLDEST_FIRST)
                .or(() -> live.stream().min(Cvm.OLDEST_FIRST));
    }

    /** The app (in the caller's workspace) and the evidence of each of its live CVMs, oldest first. */
    record AppEvidence(App app, List<CvmEvidence> instances) {
    }

    AppEvidence ofApp(Caller caller, String appId) {
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        return new AppEvidence(app, cvms.views(cvms.liveOfApp(app.pk())).stream().map(this::evidence).toList());
    }

    /** Verifies an uploaded quote on its own and keeps it under its checksum (a repeat upload finds it again). */
    QuoteStore.StoredQuote upload(byte[] quote) {
        String checksum = HexFormat.of().formatHex(CertificateChains.sha256(quote));
        Optional<QuoteStore.StoredQuote> known = quotes.find(checksum);
        if (known.isPresent()) {
            return known.get();
        }
        Instant now = clock.instant();
        AttestationVerdict verdict = verifier().verifyQuote(quote);
        QuoteStore.StoredQuote stored = new QuoteStore.StoredQuote(checksum, quote, verdict.verified(),
                verdict.summary(), now, now);
        quotes.insertIfAbsent(stored);
        return quotes.find(checksum).orElse(stored);
    }

    /** A stored quote with its verdict as of now (certificates expire), or 404. */
    record Verified(QuoteStore.StoredQuote stored, AttestationVerdict verdict) {
    }

    Verified view(String checksum) {
        QuoteStore.StoredQuote stored = stored(checksum);
        return new Verified(stored, verifier().verifyQuote(stored.quote()));
    }

    /** A quote checked with the event log it came with: signatures, chain and the RTMR replay. */
    AttestationVerdict verifyWithEventLog(byte[] quote, List<EventLogEntry> eventLog) {
        return verifier().verify(new AttestationEvidence(quote, eventLog, null));
    }

    QuoteStore.StoredQuote stored(String checksum) {
        return quotes.find(checksum.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new ApiException(ErrorCode.QUOTE_NOT_FOUND, "No quote with checksum " + checksum));
    }

    List<QuoteStore.StoredQuote> recent(int skip, int limit) {
        return quotes.recent(skip, limit);
    }

    long count() {
        return quotes.count();
    }

    List<Node> nodes() {
        return nodes.all();
    }

    boolean rootSimulated() {
        return roots.verifier().map(v -> v.root().simulated()).orElse(false);
    }

    private AttestationVerifier verifier() {
        return roots.verifier().orElseThrow(() -> new ApiException(ErrorCode.ATTESTATION_ROOT_MISSING,
                "No trusted TDX root is configured (opencvm.attestation.trusted-root); quotes cannot be verified"));
    }

    private CvmEvidence evidence(CvmView view) {
        GuestReading<GuestInfo> reading = guests.info(view);
        if (!reading.online()) {
            return new CvmEvidence(view, reading.error(), null, null, null, null, null);
        }
        GuestInfo info = reading.value();
        String pem = info.appCert() == null ? "" : info.appCert();
        List<CertificateSummary> certificates;
        TcbInfo tcb;
        try {
            certificates = pem.isBlank() ? List.of() : CertificateChains.summarize(pem);
            tcb = info.tcbInfo() == null || info.tcbInfo().isBlank() ? null : TcbInfo.parse(info.tcbInfo());
        } catch (RuntimeException e) { // a guest that sends garbage is reported, not a 500
            return new CvmEvidence(view, null, List.of(), null, null, "the guest's evidence does not parse: "
                    + e.getMessage(), null);
        }
        if (pem.isBlank()) {
            return new CvmEvidence(view, null, certificates, tcb, null, "the guest has no RA-TLS certificate yet", null);
        }
        if (roots.verifier().isEmpty()) {
            return new CvmEvidence(view, null, certificates, tcb, null, "no trusted TDX root is configured", null);
        }
        try {
            AttestationEvidence evidence = AttestationEvidence.fromAppCertificate(pem);
            if (tcb != null && !tcb.eventLog().isEmpty()) {
                evidence = evidence.withEventLog(tcb.eventLog()); // the log users are shown is the one that must replay
            }
            return new CvmEvidence(view, null, certificates, tcb, roots.verifier().get().verify(evidence), null,
                    evidence.quote());
        } catch (QuoteFormatException | EventLogFormatException e) {
            return new CvmEvidence(view, null, certificates, tcb, null, e.getMessage(), null);
        }
    }
}

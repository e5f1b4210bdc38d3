package io.opencvm.attestation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/**
 * Decides whether TDX evidence holds, check by check, and says why not: the attestation key signed header and
 * TD report; the PCK key signed the QE report; the QE report binds the attestation key; the PCK chain is signed
 * link by link, valid now, and ends at the configured root; every runtime event's digest is its payload's and the
 * event log replays to the quoted RTMR0..3; and the report data binds the RA-TLS certificate's key, when given.
 * It does not fetch Intel collateral (TCB status, revocation): that is a separate, online question.
 */
public final class AttestationVerifier {

    private static final HexFormat HEX = HexFormat.of();

    private final TrustedRoot root;
    private final Clock clock;

    public AttestationVerifier(TrustedRoot root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    public TrustedRoot root() {
        return root;
    }

    public AttestationVerdict verify(AttestationEvidence evidence) {
        return check(evidence, true);
    }

    /**
     * A quote on its own (an upload, without event log or certificate): its signatures, key binding and PCK chain;
     * what its RTMRs measured is not checked.
     */
    public AttestationVerdict verifyQuote(byte[] quote) {
        return check(new AttestationEvidence(quote, List.of(), null), false);
    }

    private AttestationVerdict check(AttestationEvidence evidence, boolean withEventLog) {
        List<AttestationFailure> failures = new ArrayList<>();
        TdxQuote quote;
        try {
            quote = TdxQuote.parse(evidence.quote());
        } catch (QuoteFormatException e) {
            failures.add(new AttestationFailure(FailureReason.MALFORMED_QUOTE, e.getMessage()));
            return new AttestationVerdict(false, root.simulated(), root.subject(), failures, null);
        }
        checkQuoteSignature(quote, failures);
        checkKeyBinding(quote, failures);
        List<X509Certificate> pck = pckChain(quote, failures);
        if (!pck.isEmpty()) {
            checkQeReport(quote, pck.get(0), failures);
            checkChain(pck, failures);
        }
        if (withEventLog) {
            checkEventLog(quote, evidence.eventLog(), failures);
        }
        if (evidence.raTlsCertificate() != null) {
            checkReportData(quote, evidence.raTlsCertificate(), failures);
        }
        return new AttestationVerdict(failures.isEmpty(), root.simulated(), root.subject(), failures,
                facts(quote, pck, evidence.eventLog()));
    }

    private static void checkQuoteSignature(TdxQuote quote, List<AttestationFailure> failures) {
        PublicKey key = rawP256Key(quote.signature().attestationKey());
        if (key == null || !verifyRaw(key, quote.signedRegion(), quote.signature().signature())) {
            failures.add(new AttestationFailure(FailureReason.QUOTE_SIGNATURE_INVALID,
                    "the attestation key's signature over the quote header and TD report does not verify"));
        }
    }

    private static void checkKeyBinding(TdxQuote quote, List<AttestationFailure> failures) {
        QuoteSignature s = quote.signature();
        byte[] expected = Arrays.copyOf(CertificateChains.sha256(concat(s.attestationKey(), s.qeAuthData())), 64);
        if (!MessageDigest.isEqual(expected, s.qeReport().reportData())) {
            failures.add(new AttestationFailure(FailureReason.ATTESTATION_KEY_NOT_BOUND,
                    "the QE report's data is not sha256(attestation key ‖ QE authentication data)"));
        }
    }

    private static List<X509Certificate> pckChain(TdxQuote quote, List<AttestationFailure> failures) {
        try {
            List<X509Certificate> chain = CertificateChains.parse(quote.signature().pckChainPem());
            if (chain.isEmpty()) {
                failures.add(new AttestationFailure(FailureReason.PCK_CHAIN_INVALID, "the quote carries no PCK certificate"));
            }
            return chain;
        } catch (IllegalArgumentException e) {
            failures.add(new AttestationFailure(FailureReason.PCK_CHAIN_INVALID, "PCK " + e.getMessage()));
            return List.of();
        }
    }

    private static void checkQeReport(TdxQuote quote, X509Certificate pckLeaf, List<AttestationFailure> failures) {
        QuoteSignature s = quote.signature();
        if (!verifyRaw(pckLeaf.getPublicKey(), s.qeReport().bytes(), s.qeReportSignature())) {
            failures.add(new AttestationFailure(FailureReason.QE_REPORT_SIGNATURE_INVALID,
                    "the PCK key's signature over the QE report does not verify"));
        }
    }

    /** Each link signed by the next, issuers are CAs, all valid now, and the chain anchored at the configured root. */
    private void checkChain(List<X509Certificate> chain, List<AttestationFailure> failures) {
        Date now = Date.from(clock.instant());
        int anchored = -1;
        for (int i = 0; i < chain.size() && anchored < 0; i++) {
            X509Certificate cert = chain.get(i);
            checkValidity(cert, "PCK chain certificate " + i + " (" + subject(cert) + ")", now, failures);
            if (signedBy(cert, root.certificate())) {
                anchored = i;
            } else if (i + 1 < chain.size()) {
                X509Certificate issuer = chain.get(i + 1);
                if (!signedBy(cert, issuer) || issuer.getBasicConstraints() < 0) {
                    failures.add(new AttestationFailure(FailureReason.PCK_CHAIN_INVALID, "certificate " + i + " ("
                            + subject(cert) + ") is not signed by certificate " + (i + 1) + " (" + subject(issuer) + ")"));
                    return;
                }
            }
        }
        if (anchored < 0) {
            failures.add(new AttestationFailure(FailureReason.UNTRUSTED_ROOT, "the PCK chain ends at "
                    + subject(chain.get(chain.size() - 1)) + ", not at the configured root " + root.subject()));
            return;
        }
        checkValidity(root.certificate(), "the configured root (" + root.subject() + ")", now, failures);
    }

    private static void checkValidity(X509Certificate cert, String what, Date now, List<AttestationFailure> failures) {
        try {
            cert.checkValidity(now);
        } catch (CertificateExpiredException e) {
            failures.add(new AttestationFailure(FailureReason.CERTIFICATE_EXPIRED,
                    what + " expired at " + cert.getNotAfter().toInstant()));
        } catch (CertificateNotYetValidException e) {
            failures.add(new AttestationFailure(FailureReason.CERTIFICATE_NOT_YET_VALID,
                    what + " is valid only from " + cert.getNotBefore().toInstant()));
        }
    }

    private static void checkEventLog(TdxQuote quote, List<EventLogEntry> log, List<AttestationFailure> failures) {
        RtmrReplay replay = RtmrReplay.of(log);
        for (RtmrReplay.Inconsistency bad : replay.inconsistent()) {
            failures.add(new AttestationFailure(FailureReason.EVENT_LOG_ENTRY_TAMPERED, "event " + bad.index()
                    + " (RTMR" + bad.imr() + ", '" + bad.event() + "') states digest " + HEX.formatHex(bad.statedDigest())
                    + " but its name and payload hash to " + HEX.formatHex(bad.computedDigest())));
        }
        for (int i = 0; i < 4; i++) {
            if (!Arrays.equals(replay.rtmr(i), quote.report().rtmr(i))) {
                failures.add(new AttestationFailure(FailureReason.RTMR_MISMATCH, "RTMR" + i + " replayed from the "
                        + "event log is " + HEX.formatHex(replay.rtmr(i)) + " but the quote says "
                        + HEX.formatHex(quote.report().rtmr(i)) + (replay.inconsistent().isEmpty()
                        ? " (an event was added, removed or reordered)" : "")));
            }
        }
    }

    /** dstack RA-TLS: report data = {@code sha512("ratls-cert:" ‖ DER SubjectPublicKeyInfo)}. */
    private static void checkReportData(TdxQuote quote, X509Certificate cert, List<AttestationFailure> failures) {
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            sha512.update("ratls-cert:".getBytes(StandardCharsets.US_ASCII));
            byte[] expected = sha512.digest(cert.getPublicKey().getEncoded());
            if (!MessageDigest.isEqual(expected, quote.report().reportData())) {
                failures.add(new AttestationFailure(FailureReason.REPORT_DATA_NOT_BOUND, "the quote's report data is "
                        + "not sha512(\"ratls-cert:\" ‖ the key of " + subject(cert) + ")"));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static QuoteFacts facts(TdxQuote quote, List<X509Certificate> pck, List<EventLogEntry> log) {
        TdReport r = quote.report();
        PckExtensions sgx = pck.isEmpty() ? new PckExtensions(null, null) : PckExtensions.of(pck.get(0));
        List<String> rtmrs = r.rtmrs().stream().map(HEX::formatHex).toList();
        return new QuoteFacts(HEX.formatHex(r.mrTd()), rtmrs, HEX.formatHex(r.reportData()), sgx.ppid(),
                sgx.ppid() == null ? null : HEX.formatHex(CertificateChains.sha256(HEX.parseHex(sgx.ppid()))),
                sgx.fmspc(), HEX.formatHex(mrAggregated(r)), payload(log, "app-id"), payload(log, "compose-hash"),
                payload(log, "instance-id"), payload(log, "os-image-hash"), text(log, "key-provider"));
    }

    /** {@code decode_mr_tdx}: config ids join only when any is non-zero, for compatibility. */
    private static byte[] mrAggregated(TdReport r) {
        byte[] zero = new byte[48];
        boolean configured = !Arrays.equals(r.mrConfigId(), zero) || !Arrays.equals(r.mrOwner(), zero)
                || !Arrays.equals(r.mrOwnerConfig(), zero);
        byte[] all = concat(r.mrTd(), r.rtmr(0), r.rtmr(1), r.rtmr(2), r.rtmr(3));
        return CertificateChains.sha256(configured ? concat(all, r.mrConfigId(), r.mrOwner(), r.mrOwnerConfig()) : all);
    }

    private static String payload(List<EventLogEntry> log, String event) {
        return log.stream().filter(e -> e.imr() == 3 && e.event().equals(event)).findFirst()
                .map(EventLogEntry::eventPayloadHex).orElse(null);
    }

    private static String text(List<EventLogEntry> log, String event) {
        return log.stream().filter(e -> e.imr() == 3 && e.event().equals(event)).findFirst()
                .map(e -> new String(e.eventPayload(), StandardCharsets.UTF_8)).orElse(null);
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean verifyRaw(PublicKey key, byte[] message, byte[] rs) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(rs);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A P-256 public key from {@code x ‖ y}; {@code null} when the point is not on the curve. */
    private static PublicKey rawP256Key(byte[] xy) {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOf(xy, 32)),
                    new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
            return KeyFactory.getInstance("EC").generatePublic(
                    new ECPublicKeySpec(point, params.getParameterSpec(ECParameterSpec.class)));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}

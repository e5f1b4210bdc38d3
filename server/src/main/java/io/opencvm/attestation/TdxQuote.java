package io.opencvm.attestation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An Intel TDX quote, version 4, with an ECDSA-256 attestation key, as Intel's DCAP quote library writes it:
 * header, TD report, then signature data whose certification data is the QE report (type 6) carrying the PCK
 * chain (type 5). {@link #parse} checks the layout only; {@link AttestationVerifier} decides whether to trust it.
 *
 * @param bytes the whole quote as received
 */
public record TdxQuote(QuoteHeader header, TdReport report, QuoteSignature signature, byte[] bytes) {

    public static final int VERSION = 4;
    public static final int ECDSA_P256 = 2;
    public static final long TEE_TDX = 0x81;
    public static final int QE_REPORT_CERTIFICATION_DATA = 6;
    public static final int PCK_CERT_CHAIN = 5;

    /**
     * @throws QuoteFormatException naming the field that is missing, unsupported or garbled
     */
    public static TdxQuote parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new QuoteFormatException("quote is empty");
        }
        ByteCursor in = new ByteCursor(bytes);
        QuoteHeader header = header(in);
        TdReport report = report(in);
        long signatureLength = in.u32("the signature data length");
        if (signatureLength != in.remaining()) {
            throw new QuoteFormatException("quote is garbled: the signature data length says " + signatureLength
                    + " bytes but " + in.remaining() + " follow");
        }
        QuoteSignature signature = signature(in);
        if (in.remaining() != 0) {
            throw new QuoteFormatException("quote is garbled: " + in.remaining() + " bytes after the certification data");
        }
        return new TdxQuote(header, report, signature, bytes.clone());
    }

    /** The bytes the attestation key signs: header and TD report. */
    public byte[] signedRegion() {
        return Arrays.copyOf(bytes, QuoteHeader.SIZE + TdReport.SIZE);
    }

    private static QuoteHeader header(ByteCursor in) {
        int version = in.u16("the header's version");
        if (version != VERSION) {
            throw new QuoteFormatException("quote version " + version + " is not supported (expected " + VERSION + ")");
        }
        int keyType = in.u16("the header's attestation key type");
        if (keyType != ECDSA_P256) {
            throw new QuoteFormatException("attestation key type " + keyType
                    + " is not supported (expected 2, ECDSA-256-with-P-256)");
        }
        long teeType = in.u32("the header's TEE type");
        if (teeType != TEE_TDX) {
            throw new QuoteFormatException(String.format("TEE type 0x%08x is not TDX (expected 0x00000081)", teeType));
        }
        return new QuoteHeader(version, keyType, teeType, in.u16("the header's QE SVN"), in.u16("the header's PCE SVN"),
                in.take(16, "the header's QE vendor id"), in.take(20, "the header's user data"));
    }

    private static TdReport report(ByteCursor in) {
        String td = "the TD report";
        byte[] teeTcbSvn = in.take(16, td + " (TEE_TCB_SVN)");
        byte[] mrSeam = in.take(48, td + " (MRSEAM)");
        byte[] mrSignerSeam = in.take(48, td + " (MRSIGNERSEAM)");
        byte[] seamAttributes = in.take(8, td + " (SEAMATTRIBUTES)");
        byte[] tdAttributes = in.take(8, td + " (TDATTRIBUTES)");
        byte[] xfam = in.take(8, td + " (XFAM)");
        byte[] mrTd = in.take(48, td + " (MRTD)");
        byte[] mrConfigId = in.take(48, td + " (MRCONFIGID)");
        byte[] mrOwner = in.take(48, td + " (MROWNER)");
        byte[] mrOwnerConfig = in.take(48, td + " (MROWNERCONFIG)");
        List<byte[]> rtmrs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rtmrs.add(in.take(48, td + " (RTMR" + i + ")"));
        }
        return new TdReport(teeTcbSvn, mrSeam, mrSignerSeam, seamAttributes, tdAttributes, xfam, mrTd, mrConfigId,
                mrOwner, mrOwnerConfig, rtmrs, in.take(64, td + " (REPORTDATA)"));
    }

    private static QuoteSignature signature(ByteCursor in) {
        byte[] signature = in.take(64, "the quote signature");
        byte[] attestationKey = in.take(64, "the attestation key");
        int certType = in.u16("the certification data type");
        if (certType != QE_REPORT_CERTIFICATION_DATA) {
            throw new QuoteFormatException("certification data type " + certType
                    + " is not supported (expected 6, QE report certification data)");
        }
        long certSize = in.u32("the certification data size");
        if (certSize != in.remaining()) {
            throw new QuoteFormatException("quote is garbled: the certification data size says " + certSize
                    + " bytes but " + in.remaining() + " follow");
        }
        EnclaveReport qeReport = enclaveReport(in.take(EnclaveReport.SIZE, "the QE report"));
        byte[] qeReportSignature = in.take(64, "the QE report signature");
        int authSize = in.u16("the QE authentication data size");
        byte[] authData = in.take(authSize, "the QE authentication data");
        int innerType = in.u16("the PCK certification data type");
        if (innerType != PCK_CERT_CHAIN) {
            throw new QuoteFormatException("PCK certification data type " + innerType
                    + " is not supported (expected 5, PCK certificate chain)");
        }
        long chainSize = in.u32("the PCK certificate chain size");
        if (chainSize > in.remaining()) {
            throw new QuoteFormatException("quote is truncated: the PCK certificate chain says " + chainSize
                    + " bytes, only " + in.remaining() + " left");
        }
        String chain = new String(in.take((int) chainSize, "the PCK certificate chain"), StandardCharsets.US_ASCII);
        return new QuoteSignature(signature, attestationKey, certType, qeReport, qeReportSignature, authData,
                innerType, chain.replace("\0", ""));
    }

    private static EnclaveReport enclaveReport(byte[] bytes) {
        ByteCursor in = new ByteCursor(bytes);
        byte[] cpuSvn = in.take(16, "the QE report (CPUSVN)");
        long miscSelect = in.u32("the QE report (MISCSELECT)");
        in.take(28, "the QE report (reserved)");
        byte[] attributes = in.take(16, "the QE report (ATTRIBUTES)");
        byte[] mrEnclave = in.take(32, "the QE report (MRENCLAVE)");
        in.take(32, "the QE report (reserved)");
        byte[] mrSigner = in.take(32, "the QE report (MRSIGNER)");
        in.take(96, "the QE report (reserved)");
        int isvProdId = in.u16("the QE report (ISVPRODID)");
        int isvSvn = in.u16("the QE report (ISVSVN)");
        in.take(60, "the QE report (reserved)");
        return new EnclaveReport(cpuSvn, miscSelect, attributes, mrEnclave, mrSigner, isvProdId, isvSvn,
                in.take(64, "the QE report (REPORTDATA)"), bytes);
    }
}

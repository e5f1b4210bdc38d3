package io.opencvm.vmmsim.tdx;

import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.crypto.Sha384;
import io.opencvm.vmmsim.pki.P256Key;
import io.opencvm.vmmsim.pki.SimulatedTdxPki;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One simulated TDX platform (a node): its PCK certificate (PPID inside), the quoting enclave's attestation key
 * and the QE report that binds that key, and the TDX module's fixed values. {@link #quote} writes an Intel TDX
 * quote version 4 with the layout of Intel's DCAP quote library: 48-byte header, 584-byte TD report body, then
 * the ECDSA signature data with certification data type 6 (QE report) wrapping type 5 (PCK chain in PEM).
 */
public final class TdxPlatform {

    /** Intel's QE vendor id, as every DCAP quote carries it. */
    public static final byte[] INTEL_QE_VENDOR_ID = HexFormat.of().parseHex("939a7233f79c4ca9940a0db3957f0607");
    public static final int HEADER_SIZE = 48;
    public static final int TD_REPORT_SIZE = 584;
    public static final int QE_REPORT_SIZE = 384;

    private static final byte[] TEE_TCB_SVN = HexFormat.of().parseHex("06010300000000000000000000000000");
    private static final byte[] MR_SEAM = Sha384.hash("opencvm-sim/tdx-module/1.5.06");
    /** SEPT_VE_DISABLE set, DEBUG clear: a production TD. */
    private static final byte[] TD_ATTRIBUTES = HexFormat.of().parseHex("0000001000000000");
    private static final byte[] XFAM = HexFormat.of().parseHex("e702060000000000");

    private final SimulatedTdxPki.PckCertificate pck;
    private final P256Key attestationKey;
    private final byte[] userData;
    private final byte[] qeReport;
    private final byte[] qeReportSignature;
    private final byte[] qeAuthData;

    public TdxPlatform(byte[] ppid) {
        String label = HexFormat.of().formatHex(ppid);
        this.pck = SimulatedTdxPki.pck(ppid);
        this.attestationKey = P256Key.derive("opencvm-sim/qe-attestation-key/" + label);
        // Intel's quote library puts a 16-byte QE id (a platform identifier) first in the header's user data.
        this.userData = Arrays.copyOf(Sha256.hash("opencvm-sim/qe-id/" + label), 20);
        Arrays.fill(userData, 16, 20, (byte) 0);
        this.qeAuthData = new byte[32];
        for (int i = 0; i < qeAuthData.length; i++) {
            qeAuthData[i] = (byte) i;
        }
        this.qeReport = qeReport(Sha256.hash(attestationKey.rawPublicKey(), qeAuthData));
        this.qeReportSignature = pck.key().signRaw(qeReport);
    }

    /** The PCK chain (leaf, platform CA, root) this platform's quotes carry. */
    public String pckChainPem() {
        return pck.chainPem();
    }

    /** A TDX quote v4 over {@code measurement} with the given 64-byte report data. */
    public byte[] quote(Measurement measurement, byte[] reportData) {
        if (reportData.length != 64) {
            throw new IllegalArgumentException("report data is 64 bytes, got " + reportData.length);
        }
        byte[] header = header();
        byte[] body = body(measurement, reportData);
        byte[] signature = attestationKey.signRaw(concat(header, body));
        byte[] chain = pck.chainPem().getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream qeCertData = new ByteArrayOutputStream();
        qeCertData.writeBytes(qeReport);
        qeCertData.writeBytes(qeReportSignature);
        qeCertData.writeBytes(le16(qeAuthData.length));
        qeCertData.writeBytes(qeAuthData);
        qeCertData.writeBytes(le16(5));
        qeCertData.writeBytes(le32(chain.length));
        qeCertData.writeBytes(chain);
        ByteArrayOutputStream signatureData = new ByteArrayOutputStream();
        signatureData.writeBytes(signature);
        signatureData.writeBytes(attestationKey.rawPublicKey());
        signatureData.writeBytes(le16(6));
        signatureData.writeBytes(le32(qeCertData.size()));
        signatureData.writeBytes(qeCertData.toByteArray());
        ByteArrayOutputStream quote = new ByteArrayOutputStream();
        quote.writeBytes(header);
        quote.writeBytes(body);
        quote.writeBytes(le32(signatureData.size()));
        quote.writeBytes(signatureData.toByteArray());
        return quote.toByteArray();
    }

    private byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 4);          // version
        b.putShort((short) 2);          // attestation key type: ECDSA-256-with-P-256
        b.putInt(0x81);                 // TEE type: TDX
        b.putShort((short) 0);          // reserved (QE SVN in SGX quotes)
        b.putShort((short) 0);          // reserved (PCE SVN in SGX quotes)
        b.put(INTEL_QE_VENDOR_ID);
        b.put(userData);
        return b.array();
    }

    private static byte[] body(Measurement m, byte[] reportData) {
        ByteBuffer b = ByteBuffer.allocate(TD_REPORT_SIZE);
        b.put(TEE_TCB_SVN);
        b.put(MR_SEAM);
        b.put(new byte[48]);            // MRSIGNERSEAM: zero for Intel's own TDX module
        b.put(new byte[8]);             // SEAMATTRIBUTES
        b.put(TD_ATTRIBUTES);
        b.put(XFAM);
        b.put(m.mrtd());
        b.put(new byte[48 * 3]);        // MRCONFIGID, MROWNER, MROWNERCONFIG: unused by dstack 0.5
        for (int i = 0; i < 4; i++) {
            b.put(m.rtmr(i));
        }
        b.put(reportData);
        return b.array();
    }

    /** The quoting enclave's own SGX report (384 bytes); its report data binds the attestation key. */
    private static byte[] qeReport(byte[] keyBinding) {
        ByteBuffer b = ByteBuffer.allocate(QE_REPORT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(SimulatedTdxPki.CPU_SVN);
        b.putInt(0);                                        // MISCSELECT
        b.put(new byte[28]);
        b.put(HexFormat.of().parseHex("11000000000000000700000000000000")); // ATTRIBUTES
        b.put(Sha256.hash("opencvm-sim/tdqe/mrenclave"));     // MRENCLAVE
        b.put(new byte[32]);
        b.put(Sha256.hash("opencvm-sim/tdqe/mrsigner"));      // MRSIGNER
        b.put(new byte[96]);
        b.putShort((short) 2);                              // ISVPRODID: the TD quoting enclave
        b.putShort((short) 4);                              // ISVSVN
        b.put(new byte[60]);
        b.put(keyBinding);                                  // REPORTDATA: sha256(key ‖ auth data) ‖ 32 zeros
        b.put(new byte[32]);
        return b.array();
    }

    private static byte[] le16(int value) {
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array();
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

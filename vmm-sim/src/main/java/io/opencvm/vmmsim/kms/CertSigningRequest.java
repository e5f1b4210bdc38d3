package io.opencvm.vmmsim.kms;

import io.opencvm.vmmsim.crypto.Scale;
import java.util.List;

/**
 * dstack's v1 certificate signing request ({@code CertSigningRequestV1} with {@code CertConfig}), SCALE-encoded
 * as a guest sends it in {@code SignCert} with {@code api_version: 1}. The signature is ECDSA P-256/SHA-256 (DER)
 * by the requested key over {@link #encode()}.
 *
 * @param pubkey the DER SubjectPublicKeyInfo to certify
 * @param orgName {@code null} = none
 * @param quote the TDX quote whose report data binds {@code pubkey}, present when {@code extQuote}
 * @param eventLog the JSON event log that goes with the quote
 */
public record CertSigningRequest(String confirm, byte[] pubkey, String orgName, String subject, List<String> altNames,
        boolean usageServerAuth, boolean usageClientAuth, boolean extQuote, byte[] quote, byte[] eventLog) {

    /** The word every CSR must carry. */
    public static final String CONFIRM = "please sign cert:";

    public CertSigningRequest {
        altNames = List.copyOf(altNames);
    }

    public byte[] encode() {
        return new Scale.Writer().string(confirm).bytes(pubkey).optionalString(orgName).string(subject)
                .strings(altNames).bool(usageServerAuth).bool(usageClientAuth).bool(extQuote).bytes(quote)
                .bytes(eventLog).toByteArray();
    }

    /** @throws IllegalArgumentException with the decoder's reason when the bytes are not a v1 CSR */
    public static CertSigningRequest decode(byte[] bytes) {
        Scale.Reader in = new Scale.Reader(bytes);
        CertSigningRequest csr = new CertSigningRequest(in.string(), in.bytes(), in.optionalString(), in.string(),
                in.strings(), in.bool(), in.bool(), in.bool(), in.bytes(), in.bytes());
        if (!in.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after the request");
        }
        return csr;
    }
}

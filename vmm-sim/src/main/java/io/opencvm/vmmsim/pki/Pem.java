package io.opencvm.vmmsim.pki;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text of DER certificates: 64-character Base64 lines between BEGIN/END markers, as rcgen and OpenSSL write. */
public final class Pem {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

    private Pem() {
    }

    public static String certificate(byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }

    /** Every certificate in {@code pem}, in order. */
    public static List<byte[]> certificates(String pem) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            out.add(Base64.getMimeDecoder().decode(m.group(1)));
        }
        return out;
    }
}

package io.opencvm.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The page every dashboard visit starts from ({@code index.html} of the Vite build), read once from the
 * classpath, with a strong ETag. It is empty in a jar built with {@code -Ddashboard.skip}.
 */
final class DashboardPage {

    static final String LOCATION = "static/dashboard/";

    private final byte[] html;
    private final String etag;

    private DashboardPage(byte[] html) {
        this.html = html;
        this.etag = "\"" + sha256(html).substring(0, 32) + "\"";
    }

    static Optional<DashboardPage> load(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(LOCATION + "index.html")) {
            return in == null ? Optional.empty() : Optional.of(new DashboardPage(in.readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the dashboard's index.html", e);
        }
    }

    byte[] html() {
        return html.clone();
    }

    String etag() {
        return etag;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.opencvm.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where webhooks may be sent: absolute http(s) URLs without user info, whose host is not (and does not
 * resolve to) a loopback, link-local, private, shared (100.64/10), unique-local, multicast or unspecified
 * address, unless the operator allows private targets ({@code opencvm.webhooks.allow-private-targets}). Checked
 * when an endpoint is saved and again before every attempt (a name may resolve elsewhere later).
 */
@Component
class WebhookTargets {

    static final int MAX_URL = 2048;

    private final boolean allowPrivate;

    WebhookTargets(@Value("${opencvm.webhooks.allow-private-targets:false}") boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why {@code url} may not be a webhook target, or empty when it may. */
    Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Optional.of("URL is not valid");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("URL scheme should be 'http' or 'https'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("URL must have a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("URL must not carry user info");
        }
        if (url.length() > MAX_URL) {
            return Optional.of("URL is longer than " + MAX_URL + " characters");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (internal(address)) {
                    return Optional.of("URL host resolves to a loopback, link-local or private address");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.empty(); // not resolvable now; every attempt checks again before it connects
        }
        return Optional.empty();
    }

    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240; // this net, CGNAT, reserved
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique-local fc00::/7
        }
        return false;
    }
}

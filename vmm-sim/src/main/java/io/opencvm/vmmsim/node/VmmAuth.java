package io.opencvm.vmmsim.node;

import com.sun.net.httpserver.Headers;
import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.prpc.RequestGuard;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * The node's token check. HEAD ({@code api-auth}): every route; {@code Authorization: Bearer}, {@code
 * X-Admin-Token}, Basic with the token as password or as user, or {@code ?token=} on GET. v0.5
 * ({@code rocket_apitoken}): only {@code /logs}, comparing the whole {@code Authorization} value.
 */
public final class VmmAuth implements RequestGuard {

    private final byte[] tokenHash;
    private final String token;
    private final Generation generation;

    public VmmAuth(String token, Generation generation) {
        this.token = token;
        this.tokenHash = Sha256.hash(token);
        this.generation = generation;
    }

    @Override
    public boolean allows(String method, String path, Headers headers, Map<String, String> query) {
        if (generation == Generation.V0_5) {
            return !path.startsWith("/logs") || matches(headers.getFirst("Authorization"));
        }
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")
                && matches(authorization.substring("Bearer ".length()).trim())) {
            return true;
        }
        if (matches(headers.getFirst("X-Admin-Token"))) {
            return true;
        }
        if (authorization != null && authorization.startsWith("Basic ") && basicMatches(authorization.substring(6))) {
            return true;
        }
        return method.equals("GET") && matches(query.get("token"));
    }

    private boolean basicMatches(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        return matches(password) || (password.isEmpty() && matches(user));
    }

    /** Compared by SHA-256 in constant time, as the real fairing does. */
    private boolean matches(String candidate) {
        return candidate != null && !token.isEmpty() && MessageDigest.isEqual(tokenHash, Sha256.hash(candidate));
    }
}

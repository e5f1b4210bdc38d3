package io.opencvm.account;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dashboard sessions: an API key is exchanged once for a random opaque session id (256 bits) that the
 * browser keeps in an http-only cookie. Only the id's SHA-256 is stored, with an absolute expiry; a session
 * ends at sign-out, at expiry, or when its API key is revoked. The CSRF token is derived from the id, so any
 * instance of the control plane can check it without storing it and a page that cannot read the cookie
 * cannot compute it.
 */
@Service
public class DashboardSessions {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CSRF_LABEL = "opencvm dashboard csrf v1".getBytes(StandardCharsets.UTF_8);
    /** Ended sessions are kept this long (a late request still gets "expired", not "unknown"), then deleted. */
    private static final Duration KEEP_ENDED = Duration.ofDays(1);

    private final DashboardSessionStore store;
    private final CallerStore callers;
    private final Clock clock;
    private final Duration lifetime;

    DashboardSessions(DashboardSessionStore store, CallerStore callers, Clock clock,
                      @Value("${opencvm.dashboard.session-lifetime:PT12H}") Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("opencvm.dashboard.session-lifetime must be positive: " + lifetime);
        }
        this.store = store;
        this.callers = callers;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Opens a session acting as {@code apiKey}, or refuses with 401 exactly as a wrong X-API-Key is refused. */
    @Transactional
    public DashboardSession.Opened open(String apiKey) {
        String keyHash = ApiKeys.hash(apiKey.trim());
        Caller caller = callers.findByKeyHash(keyHash)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_AUTHENTICATED, "Invalid API key"));
        long keyId = store.activeKeyId(keyHash)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_AUTHENTICATED, "Invalid API key"));
        Instant now = clock.instant();
        store.deleteEndedBefore(now.minus(KEEP_ENDED));
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        String cookieValue = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        Instant expiresAt = now.plus(lifetime);
        store.insert(ApiKeys.hash(cookieValue), keyId, now, expiresAt);
        return new DashboardSession.Opened(cookieValue, new DashboardSession(caller, expiresAt, csrfToken(cookieValue)));
    }

    /** The live session this cookie value names, if any. */
    public Optional<DashboardSession> find(String cookieValue) {
        return store.findLive(ApiKeys.hash(cookieValue), clock.instant())
                .flatMap(live -> callers.findByKeyHash(live.keyHash())
                        .map(caller -> new DashboardSession(caller, live.expiresAt(), csrfToken(cookieValue))));
    }

    /** Signs the session out; true when it was live. */
    public boolean close(String cookieValue) {
        return store.revoke(ApiKeys.hash(cookieValue), clock.instant());
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Whether {@code presented} is this session's CSRF token (compared in constant time). */
    static boolean csrfMatches(String cookieValue, String presented) {
        return presented != null && MessageDigest.isEqual(csrfToken(cookieValue).getBytes(StandardCharsets.US_ASCII),
                presented.trim().getBytes(StandardCharsets.US_ASCII));
    }

    static String csrfToken(String cookieValue) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cookieValue.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(CSRF_LABEL));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

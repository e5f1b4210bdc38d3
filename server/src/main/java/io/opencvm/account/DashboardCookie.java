package io.opencvm.account;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.ResponseCookie;

/**
 * The dashboard's session cookie: http-only, {@code SameSite=Strict}, path {@code /} (the page calls
 * {@code /api/v1} and {@code /admin}). Over HTTPS it is {@code Secure} and named with the {@code __Host-}
 * prefix, so no sibling host can plant or overwrite it; only that name is read on HTTPS requests.
 */
public final class DashboardCookie {

    static final String PLAIN_NAME = "opencvm_session";
    static final String SECURE_NAME = "__Host-opencvm_session";
    /** Our values are 43 characters; anything much longer is not ours and is not hashed. */
    private static final int MAX_LENGTH = 128;

    private DashboardCookie() {
    }

    /** The session id the browser sent, if it sent one that could be ours. */
    public static Optional<String> read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        String name = name(request.isSecure());
        for (Cookie cookie : cookies) {
            String value = cookie.getValue();
            if (name.equals(cookie.getName()) && value != null && !value.isBlank() && value.length() <= MAX_LENGTH) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    public static ResponseCookie issue(String value, Duration maxAge, boolean secure) {
        return base(value, secure).maxAge(maxAge).build();
    }

    public static ResponseCookie clear(boolean secure) {
        return base("", secure).maxAge(Duration.ZERO).build();
    }

    private static ResponseCookie.ResponseCookieBuilder base(String value, boolean secure) {
        return ResponseCookie.from(name(secure), value).httpOnly(true).secure(secure).sameSite("Strict").path("/");
    }

    private static String name(boolean secure) {
        return secure ? SECURE_NAME : PLAIN_NAME;
    }
}

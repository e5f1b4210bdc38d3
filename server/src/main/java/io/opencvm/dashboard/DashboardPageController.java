package io.opencvm.dashboard;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.PublicEndpoint;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * Serves the dashboard's page. It holds no data (everything comes from the API after sign-in), so it is
 * public; it is revalidated on every visit ({@code no-cache} + ETag) so a new release is picked up at once,
 * while the hashed assets it names are cached for a year (see {@link DashboardWebConfig}).
 */
@RestController
@PublicEndpoint
class DashboardPageController {

    /** Only our own scripts, styles and API; no inline code, no framing, no third-party origin. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final Optional<DashboardPage> page = DashboardPage.load(getClass().getClassLoader());

    @GetMapping("/dashboard")
    ResponseEntity<Void> withoutSlash() {
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).location(URI.create("/dashboard/")).build();
    }

    @GetMapping("/dashboard/")
    ResponseEntity<byte[]> index(WebRequest request) {
        DashboardPage p = page.orElseThrow(() -> new ApiException(ErrorCode.ROUTE_NOT_FOUND,
                "This server was built without the dashboard (-Ddashboard.skip)"));
        if (request.checkNotModified(p.etag())) {
            return null;
        }
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .eTag(p.etag())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .body(p.html());
    }
}

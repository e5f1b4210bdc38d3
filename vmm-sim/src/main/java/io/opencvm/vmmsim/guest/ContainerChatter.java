package io.opencvm.vmmsim.guest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Believable output of a container, chosen by its image: nginx's entrypoint and access log, Redis and PostgreSQL
 * start-up lines, or a generic web service. Startup lines when the container starts, one periodic line per tick.
 */
final class ContainerChatter {

    private static final DateTimeFormatter NGINX_NOTICE =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NGINX_ACCESS =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter REDIS =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** One line of container output. */
    record Line(String stream, String text) {
    }

    private ContainerChatter() {
    }

    static List<Line> startup(String image, String service, Instant at) {
        String kind = kind(image);
        return switch (kind) {
            case "nginx" -> List.of(
                    out("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"),
                    out("/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"),
                    out("/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"),
                    out("/docker-entrypoint.sh: Configuration complete; ready for start up"),
                    err(NGINX_NOTICE.format(at) + " [notice] 1#1: using the \"epoll\" event method"),
                    err(NGINX_NOTICE.format(at) + " [notice] 1#1: " + version(image, "nginx/1.27.3")),
                    err(NGINX_NOTICE.format(at) + " [notice] 1#1: start worker processes"));
            case "redis" -> List.of(
                    out("1:C " + REDIS.format(at) + " * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
                    out("1:M " + REDIS.format(at) + " * Server initialized"),
                    out("1:M " + REDIS.format(at) + " * Ready to accept connections tcp"));
            case "postgres" -> List.of(
                    out("PostgreSQL Database directory appears to contain a database; Skipping initialization"),
                    err(at + " [1] LOG:  starting PostgreSQL on x86_64-pc-linux-gnu"),
                    err(at + " [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432"),
                    err(at + " [1] LOG:  database system is ready to accept connections"));
            default -> List.of(out(at + " INFO  " + service + " starting (" + image + ")"),
                    out(at + " INFO  listening on 0.0.0.0:8080"));
        };
    }

    static Line periodic(String image, String service, Instant at, long tick) {
        return switch (kind(image)) {
            case "nginx" -> out("10.4.0.1 - - [" + NGINX_ACCESS.format(at) + "] \"GET " + (tick % 3 == 0 ? "/" : "/health")
                    + " HTTP/1.1\" 200 " + (tick % 3 == 0 ? 615 : 2) + " \"-\" \"dstack-gateway-healthcheck\" \"-\"");
            case "redis" -> out("1:M " + REDIS.format(at) + " * " + (tick % 2 == 1 ? "1 changes in 3600 seconds. Saving..."
                    : "Background saving terminated with success"));
            case "postgres" -> err(at + " [" + (60 + tick % 7) + "] LOG:  checkpoint complete: wrote " + tick % 40
                    + " buffers");
            default -> tick % 5 == 4 ? err(at + " WARN  " + service + ": slow request GET /api (" + (200 + tick % 300)
                    + " ms)") : out(at + " INFO  " + service + ": GET /health 200 " + (1 + tick % 4) + "ms");
        };
    }

    private static String kind(String image) {
        String repository = image.contains("/") ? image.substring(image.lastIndexOf('/') + 1) : image;
        repository = repository.contains(":") ? repository.substring(0, repository.indexOf(':')) : repository;
        repository = repository.contains("@") ? repository.substring(0, repository.indexOf('@')) : repository;
        return switch (repository) {
            case "nginx", "nginx-unprivileged", "openresty" -> "nginx";
            case "redis", "valkey" -> "redis";
            case "postgres", "postgresql" -> "postgres";
            default -> "generic";
        };
    }

    private static String version(String image, String fallback) {
        int colon = image.lastIndexOf(':');
        String tag = colon < 0 ? "" : image.substring(colon + 1);
        return tag.matches("[0-9]+(\\.[0-9]+)+") ? "nginx/" + (tag.chars().filter(c -> c == '.').count() == 1
                ? tag + ".3" : tag) : fallback;
    }

    private static Line out(String text) {
        return new Line("stdout", text);
    }

    private static Line err(String text) {
        return new Line("stderr", text);
    }
}

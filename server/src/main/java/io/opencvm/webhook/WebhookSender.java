package io.opencvm.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends one signed POST: the envelope as the body, {@code X-Webhook-Timestamp} (Unix seconds at the attempt)
 * and {@code X-Webhook-Signature}. Never follows a redirect (a 3xx is a failed attempt), gives up after
 * {@code opencvm.webhooks.timeout} (default 10 s), and reads at most 64 KiB of the answer, which it then drops.
 */
@Component
class WebhookSender {

    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    /** What one attempt came to; {@code status} 0 when no HTTP answer came. */
    record Attempt(boolean delivered, int status, String error, long durationMs) {
    }

    private final HttpClient http;
    private final WebhookTargets targets;
    private final Clock clock;
    private final Duration timeout;

    WebhookSender(WebhookTargets targets, Clock clock, @Value("${opencvm.webhooks.timeout:PT10S}") Duration timeout) {
        this.targets = targets;
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    Attempt send(String url, String secret, String eventId, String eventType, String body) {
        long started = System.nanoTime();
        var refused = targets.refusal(url);
        if (refused.isPresent()) {
            return new Attempt(false, 0, refused.get(), 0);
        }
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "opencvm-webhooks/1")
                .header("X-Webhook-Id", eventId)
                .header("X-Webhook-Event", eventType)
                .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        AtomicReference<InputStream> answerBody = new AtomicReference<>();
        CompletableFuture<Integer> answered = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    answerBody.set(response.body());
                    try (InputStream in = response.body()) {
                        in.readNBytes(MAX_RESPONSE_BYTES);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return response.statusCode();
                });
        try {
            // one deadline for the whole exchange, answer body included (a server dripping its body is cut off)
            int status = answered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            boolean ok = status >= 200 && status < 300;
            String error = ok ? "" : status >= 300 && status < 400 ? "redirect not followed (HTTP " + status + ")"
                    : "HTTP " + status;
            return new Attempt(ok, status, error, elapsed(started));
        } catch (TimeoutException e) {
            answered.cancel(true);
            closeQuietly(answerBody.get());
            return new Attempt(false, 0, "timed out after " + timeout.toMillis() + " ms", elapsed(started));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return new Attempt(false, 0, "timed out after " + timeout.toMillis() + " ms", elapsed(started));
            }
            return new Attempt(false, 0, "connection failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()), elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answered.cancel(true);
            closeQuietly(answerBody.get());
            return new Attempt(false, 0, "interrupted", elapsed(started));
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // the attempt has failed already; nothing more to say
        }
    }

    private static long elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}

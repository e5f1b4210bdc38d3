package io.opencvm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.WebhookReceiver;
import io.opencvm.testsupport.WebhookReceiver.Received;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Signed, ordered, retried delivery from the outbox to receivers on loopback (allowed here by configuration). */
@ServerTest
@TestPropertySource(properties = {"opencvm.webhooks.allow-private-targets=true", "opencvm.webhooks.poll-interval=PT0.05S",
        "opencvm.webhooks.retry-delays=PT0.2S,PT0.2S,PT0.2S", "opencvm.webhooks.timeout=PT3S"})
class WebhookDeliveryTest {

    static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);
    static final String BASE = "/api/v1/workspace/webhooks";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    WebhookOutbox outbox;
    @Autowired
    TransactionTemplate tx;

    TestAccount alice;

    @BeforeEach
    void setUp() {
        alice = new TestAccounts(jdbc).workspaceWithKey("deliver-" + SEQ.incrementAndGet());
    }

    TestHttp api() {
        return TestHttp.to(port).as(alice.apiKey());
    }

    JsonNode register(WebhookReceiver receiver, String... events) {
        TestHttp.Reply reply = api().post(BASE, Map.of("url", receiver.url(), "events", List.of(events)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    void record(String orderKey, String note) {
        tx.executeWithoutResult(s -> outbox.record(alice.workspaceId(), WebhookEventType.CVM_STARTED, orderKey,
                Map.of("note", note)));
    }

    static List<Received> awaitReceived(WebhookReceiver receiver, int count) {
        return Await.until(receiver::received, r -> r.size() >= count);
    }

    static JsonNode json(Received r) {
        return JSON.readTree(r.body());
    }

    static String hmac(String secret, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void theTestEventArrivesAsTheSdksEnvelopeSignedOverTimestampAndBody() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.ok()) {
            JsonNode hook = register(receiver, "cvm.started");
            TestHttp.Reply test = api().post(BASE + "/" + hook.get("id").asString() + "/test", TestHttp.NO_BODY);
            assertThat(test.status()).as(test.body()).isEqualTo(200);
            assertThat(test.json().get("status").asString()).isEqualTo("success");
            assertThat(test.json().get("attempts").asInt()).isEqualTo(1);
            assertThat(test.json().get("response_status").asInt()).isEqualTo(200);
            assertThat(test.json().get("event_type").asString()).isEqualTo("webhook.test");

            Received got = receiver.received().get(0);
            JsonNode envelope = json(got);
            assertThat(TestHttp.keys(envelope)).containsExactlyInAnyOrder("id", "event", "version", "created_at", "workspace", "data");
            assertThat(envelope.get("id").asString()).isEqualTo(test.json().get("event_id").asString());
            assertThat(envelope.at("/workspace/name").asString()).isEqualTo(alice.slug().toUpperCase());
            assertThat(envelope.at("/workspace/id").asString()).isNotBlank();
            String timestamp = got.headers().get("x-webhook-timestamp");
            assertThat(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond())).isLessThan(300);
            assertThat(got.headers().get("x-webhook-signature"))
                    .isEqualTo(hmac(hook.get("secret").asString(), timestamp, got.body()));
            assertThat(got.headers().get("content-type")).startsWith("application/json");
        }
    }

    @Test
    void aReceiverAnswering500TwiceGetsTheSameEventOnTheThirdAttempt() {
        try (WebhookReceiver receiver = WebhookReceiver.answering(n -> n <= 2 ? 500 : 200)) {
            String id = register(receiver, "cvm.started").get("id").asString();
            record("cvm-a", "third time lucky");
            List<Received> got = awaitReceived(receiver, 3);
            assertThat(got.stream().map(Received::body).distinct()).hasSize(1);
            JsonNode deliveries = Await.until(() -> api().get(BASE + "/" + id + "/deliveries").json(),
                    d -> d.size() == 1 && "success".equals(d.get(0).get("status").asString()));
            JsonNode d = deliveries.get(0);
            assertThat(d.get("attempts").asInt()).isEqualTo(3);
            assertThat(d.get("response_status").asInt()).isEqualTo(200);
            assertThat(d.get("event_id").asString()).isEqualTo(json(got.get(0)).get("id").asString());
            assertThat(d.get("delivered_at").isNull()).isFalse();
            assertThat(d.get("original_event_id").asString()).isEmpty();
            JsonNode stats = api().get(BASE + "/" + id + "/stats").json();
            assertThat(stats.get("total").asLong()).isEqualTo(1);
            assertThat(stats.get("success_count").asLong()).isEqualTo(1);
            assertThat(stats.get("success_rate").asDouble()).isEqualTo(1.0);
            assertThat(receiver.received()).hasSize(3);
        }
    }

    @Test
    void aDeadEndpointFailsAfterFourAttemptsAndAResendIsANewEventPointingAtTheOriginal() {
        AtomicInteger status = new AtomicInteger(503);
        try (WebhookReceiver receiver = WebhookReceiver.always(status::get)) {
            String id = register(receiver, "cvm.started").get("id").asString();
            record("cvm-dead", "nobody home");
            JsonNode failed = Await.until(() -> api().get(BASE + "/" + id + "/deliveries").json(),
                    d -> d.size() == 1 && "failed".equals(d.get(0).get("status").asString())).get(0);
            assertThat(failed.get("attempts").asInt()).isEqualTo(4);
            assertThat(failed.get("response_status").asInt()).isEqualTo(503);
            assertThat(failed.get("error_message").asString()).contains("503");
            assertThat(receiver.received()).hasSize(4);

            status.set(200);
            String original = failed.get("event_id").asString();
            TestHttp.Reply resend = api().post(BASE + "/" + id + "/deliveries/" + original + "/resend", TestHttp.NO_BODY);
            assertThat(resend.status()).as(resend.body()).isEqualTo(200);
            assertThat(resend.json().get("original_event_id").asString()).isEqualTo(original);
            assertThat(resend.json().get("event_id").asString()).isNotEqualTo(original);
            Received again = awaitReceived(receiver, 5).get(4);
            assertThat(json(again).get("id").asString()).isEqualTo(resend.json().get("event_id").asString());
            assertThat(json(again).get("data")).isEqualTo(json(receiver.received().get(0)).get("data"));
            JsonNode stats = Await.until(() -> api().get(BASE + "/" + id + "/stats").json(),
                    s -> s.get("success_count").asLong() == 1);
            assertThat(stats.get("failed_count").asLong()).isEqualTo(1);
            assertThat(stats.get("success_rate").asDouble()).isEqualTo(0.5);
        }
    }

    @Test
    void anEventOfARolledBackTransactionIsNeverSent() {
        try (WebhookReceiver receiver = WebhookReceiver.ok()) {
            register(receiver, "cvm.started");
            tx.executeWithoutResult(s -> {
                outbox.record(alice.workspaceId(), WebhookEventType.CVM_STARTED, "cvm-r", Map.of("note", "rolled back"));
                s.setRollbackOnly();
            });
            record("cvm-r", "committed");
            List<Received> got = awaitReceived(receiver, 1);
            assertThat(got).hasSize(1);
            assertThat(json(got.get(0)).at("/data/note").asString()).isEqualTo("committed");
        }
    }

    @Test
    void eventsOfOneCvmArriveInOrderEvenAcrossRetriesWhileOtherCvmsGoOn() {
        try (WebhookReceiver receiver = WebhookReceiver.answering(n -> n == 1 ? 500 : 200)) {
            register(receiver, "cvm.started");
            record("cvm-x", "x1");
            awaitReceived(receiver, 1);
            record("cvm-x", "x2");
            record("cvm-y", "y1");
            List<String> notes = awaitReceived(receiver, 4).stream().map(r -> json(r).at("/data/note").asString()).toList();
            assertThat(notes).hasSize(4);
            assertThat(notes.stream().filter(n -> n.startsWith("x")).toList()).containsExactly("x1", "x1", "x2");
            assertThat(notes).contains("y1");
        }
    }

    @Test
    void aStalledEndpointDoesNotDelayAnotherOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (WebhookReceiver stalled = WebhookReceiver.answering(n -> {
                 try {
                     release.await(20, TimeUnit.SECONDS);
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 return 200;
             });
             WebhookReceiver healthy = WebhookReceiver.ok()) {
            register(stalled, "cvm.started");
            register(healthy, "cvm.started");
            record("cvm-s1", "first");
            record("cvm-s2", "second");
            List<Received> got = awaitReceived(healthy, 2);
            assertThat(got).hasSize(2);
            assertThat(stalled.received()).hasSizeLessThanOrEqualTo(1); // one attempt at a time per endpoint
            release.countDown();
        }
    }

    @Test
    void anAnswerWhoseBodyNeverEndsIsCutOffAtTheTimeoutAndCountsAsAFailedAttempt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer dripping = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dripping.setExecutor(Executors.newCachedThreadPool());
        dripping.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0); // chunked: a body follows, and never ends
            exchange.getResponseBody().write('{');
            exchange.getResponseBody().flush();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        dripping.start();
        try {
            String url = "http://127.0.0.1:" + dripping.getAddress().getPort() + "/hook";
            TestHttp.Reply hook = api().post(BASE, Map.of("url", url, "events", List.of("cvm.started")));
            String id = hook.json().get("id").asString();
            record("cvm-drip", "slow body");
            JsonNode attempt = Await.until(() -> api().get(BASE + "/" + id + "/deliveries").json(),
                    d -> d.size() == 1 && d.get(0).get("attempts").asInt() >= 1).get(0);
            assertThat(attempt.get("status").asString()).isIn("pending", "delivering", "failed");
            assertThat(attempt.get("error_message").asString()).startsWith("timed out");
            assertThat(attempt.get("response_status").asInt()).isZero();
        } finally {
            release.countDown();
            dripping.stop(0);
        }
    }

    @Test
    void aDisabledEndpointOrAnUnsubscribedEventGetsNothing() {
        try (WebhookReceiver off = WebhookReceiver.ok(); WebhookReceiver other = WebhookReceiver.ok();
             WebhookReceiver on = WebhookReceiver.ok()) {
            String offId = register(off, "cvm.started").get("id").asString();
            api().send("PUT", BASE + "/" + offId, Map.of("enabled", false));
            register(other, "cvm.deleted");
            register(on, "cvm.started");
            record("cvm-d", "only for the enabled subscriber");
            awaitReceived(on, 1);
            record("cvm-d", "second");
            awaitReceived(on, 2);
            assertThat(off.received()).isEmpty();
            assertThat(other.received()).isEmpty();
        }
    }
}

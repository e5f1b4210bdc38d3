package io.opencvm.vmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node-call timeout bounds the whole exchange: a node that sends its headers and then trickles its body is cut off. */
class PrpcChannelDeadlineTest {

    private HttpServer server;

    @BeforeEach
    void trickler() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/prpc/Status", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write('{');
                body.flush();
                for (int i = 0; i < 600; i++) { // one byte every 100 ms: a minute for a reply that never ends
                    Thread.sleep(100);
                    body.write(' ');
                    body.flush();
                }
            } catch (InterruptedException | IOException e) {
                // the client went away
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aTricklingReplyEndsInATimeoutInsteadOfHoldingTheCaller() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        VmmClient client = new VmmClient(base, null, HttpClient.newHttpClient(), Duration.ofMillis(500));

        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> client.status(List.of(), null))
                        .isInstanceOfSatisfying(VmmException.class, e -> {
                            assertThat(e.kind()).isEqualTo(VmmException.Kind.UNREACHABLE);
                            assertThat(e.getMessage()).contains("timed out");
                        }));
    }
}

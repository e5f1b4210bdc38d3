package io.opencvm.vmm;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Hands out one {@link VmmClient} per node URL and token, sharing one HTTP connection pool. */
@Component
public class VmmClients {

    private final HttpClient http;
    private final Duration timeout;
    private final Map<String, VmmClient> clients = new ConcurrentHashMap<>();

    public VmmClients(@Value("${opencvm.vmm.timeout:PT10S}") Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    public VmmClient forNode(String vmmUrl, String token) {
        return clients.computeIfAbsent(vmmUrl + "\n" + (token == null ? "" : token),
                k -> new VmmClient(URI.create(vmmUrl), token, http, timeout));
    }
}

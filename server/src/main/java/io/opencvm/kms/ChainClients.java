package io.opencvm.kms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * One web3j client per JSON-RPC URL over one shared HTTP client with bounded timeouts. Clients are
 * kept, never shut down: {@code Web3j.shutdown()} would also stop web3j's process-wide executor.
 */
@Component
class ChainClients {

    private final OkHttpClient http = new OkHttpClient.Builder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS)
            .writeTimeout(10, TimeUnit.SECONDS)
            .callTimeout(15, TimeUnit.SECONDS)
            .build();
    private final Map<String, Web3j> clients = new ConcurrentHashMap<>();

    Web3j forUrl(String rpcUrl) {
        if (rpcUrl == null || rpcUrl.isBlank()) {
            throw new IllegalArgumentException("no JSON-RPC URL configured for this chain");
        }
        return clients.computeIfAbsent(rpcUrl, url -> Web3j.build(new HttpService(url, http)));
    }
}

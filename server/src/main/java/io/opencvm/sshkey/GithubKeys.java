package io.opencvm.sshkey;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public keys of a GitHub user, from GitHub's unauthenticated {@code GET /users/{name}/keys}. Every call is
 * bounded by the configured timeout (connect and answer); a GitHub that cannot be reached, does not answer in time
 * or does not know the user is a 400 with the reason, as Phala Cloud answers it.
 */
@Component
class GithubKeys {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_REPLY = 256 * 1024;

    private final URI apiUrl;
    private final Duration timeout;
    private final HttpClient http;

    GithubKeys(@Value("${opencvm.ssh-keys.github-api-url:https://api.github.com}") URI apiUrl,
               @Value("${opencvm.ssh-keys.github-timeout:PT5S}") Duration timeout) {
        this.apiUrl = apiUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The key lines of {@code username} (already checked against GitHub's user name rule). */
    List<String> of(String username) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl.toString().replaceAll("/+$", "") + "/users/" + username + "/keys"))
                .timeout(timeout).header("Accept", "application/vnd.github+json")
                .header("User-Agent", "opencvm").GET().build();
        HttpResponse<InputStream> reply;
        try {
            reply = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw unavailable("GitHub did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw unavailable("GitHub could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("The request to GitHub was interrupted");
        }
        try (InputStream body = reply.body()) {
            if (reply.statusCode() == 404) {
                throw new ApiException(ErrorCode.GITHUB_UNAVAILABLE, "GitHub user '" + username + "' not found");
            }
            if (reply.statusCode() != 200) {
                throw unavailable("GitHub answered HTTP " + reply.statusCode());
            }
            return keyLines(body.readNBytes(MAX_REPLY + 1));
        } catch (IOException e) {
            throw unavailable("GitHub's answer could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<String> keyLines(byte[] body) {
        if (body.length > MAX_REPLY) {
            throw unavailable("GitHub's answer is larger than " + MAX_REPLY + " bytes");
        }
        try {
            JsonNode keys = JSON.readTree(body);
            if (!keys.isArray()) {
                throw unavailable("GitHub's answer is not a list of keys");
            }
            List<String> lines = new ArrayList<>();
            keys.forEach(k -> lines.add(k.path("key").asString("")));
            return lines;
        } catch (JacksonException e) {
            throw unavailable("GitHub's answer is not JSON");
        }
    }

    private static ApiException unavailable(String why) {
        return new ApiException(ErrorCode.GITHUB_UNAVAILABLE, "Could not import SSH keys from GitHub: " + why);
    }
}

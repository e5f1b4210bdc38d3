package io.opencvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestHttp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sweep over the published API ({@code published-operations.json}: every operation of Phala Cloud's OpenAPI
 * document): which are served here, i.e. have a handler and are described in the served {@code openapi.json}. It
 * writes the count and the list to {@code target/api-coverage.txt}, and fails when an operation that is not served
 * is not named in {@code docs/api-coverage.md} (each needs its reason there) or when the count falls.
 */
@ServerTest
class PublishedOperationsSweepTest {

    /** The served count when this was last raised; raise it as routes land, never lower it. */
    static final int SERVED_AT_LEAST = 96;
    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");
    private static final Path COVERAGE_DOC = Path.of("../docs/api-coverage.md");

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyPublishedOperationIsServedOrExplainedInTheDocs() throws IOException {
        JsonNode published;
        try (InputStream in = getClass().getResourceAsStream("/published-operations.json")) {
            published = JsonMapper.builder().build().readTree(in);
        }
        Set<String> handled = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().forEach(p -> info
                .getMethodsCondition().getMethods().forEach(m -> handled.add(route(m.name(), p)))));
        JsonNode served = TestHttp.to(port).get("/api/v1/openapi.json").json();
        Set<String> described = new TreeSet<>();
        served.path("paths").properties().forEach(p -> p.getValue().propertyNames()
                .forEach(m -> described.add(route(m.toUpperCase(Locale.ROOT), p.getKey()))));

        List<String> servedOps = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (JsonNode op : published.get("operations")) {
            String route = route(op.get("method").asString(), op.get("path").asString());
            (handled.contains(route) && described.contains(route) ? servedOps : missing)
                    .add(op.get("method").asString() + " " + op.get("path").asString());
        }
        String report = "served " + servedOps.size() + " of " + published.get("operations").size()
                + " published operations\n\nnot served:\n" + String.join("\n", missing) + "\n";
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/api-coverage.txt"), report);

        String doc = Files.readString(COVERAGE_DOC);
        List<String> unexplained = missing.stream()
                .filter(m -> !doc.contains("`" + m.replace("/api/v1", "") + "`")).toList();
        assertThat(unexplained).as("name each unserved operation in docs/api-coverage.md with its reason").isEmpty();
        assertThat(servedOps.size()).as(report).isGreaterThanOrEqualTo(SERVED_AT_LEAST);
    }

    private static String route(String method, String path) {
        return method + " " + VARIABLE.matcher(path).replaceAll("{}");
    }
}

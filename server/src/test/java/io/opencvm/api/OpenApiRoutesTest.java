package io.opencvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI document describes exactly the routes the application serves under {@code /api/v1}: every
 * mapped handler has its operation, every operation has its handler, and every {@code $ref} resolves.
 */
@ServerTest
class OpenApiRoutesTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final JsonNode document = JsonMapper.builder().build().readTree(OpenApiDocument.load());

    @Test
    void theDocumentDescribesEveryRouteAndNothingElse() {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/v1/"))
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> served.add(route(m, p)))));
        Set<String> described = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(op -> METHODS.contains(op.getKey()))
                .forEach(op -> described.add(route(RequestMethod.valueOf(op.getKey().toUpperCase(Locale.ROOT)),
                        path.getKey()))));

        assertThat(served).as("routes served under /api/v1").isNotEmpty();
        assertThat(difference(served, described)).as("served but not in the document (add it to static-api/paths)")
                .isEmpty();
        assertThat(difference(described, served)).as("in the document but not served").isEmpty();
    }

    @Test
    void everyReferenceOfTheDocumentResolves() {
        Set<String> unresolved = new TreeSet<>();
        Matcher refs = Pattern.compile("\"\\$ref\":\"#(/[^\"]+)\"").matcher(document.toString());
        while (refs.find()) {
            if (document.at(refs.group(1)).isMissingNode()) {
                unresolved.add(refs.group(1));
            }
        }
        assertThat(unresolved).isEmpty();
    }

    /** {@code GET /api/v1/cvms/{}}: path variables lose their names, which Java and the document spell differently. */
    private static String route(RequestMethod method, String path) {
        return method + " " + VARIABLE.matcher(path).replaceAll("{}");
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }
}

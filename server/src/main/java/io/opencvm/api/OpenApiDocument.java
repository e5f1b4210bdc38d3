package io.opencvm.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's own OpenAPI document, put together at start-up: the base ({@code static-api/openapi.json}: info,
 * security, shared schemas) and one file per feature ({@code static-api/paths/<feature>.json}, each with its
 * {@code paths} and the {@code components.schemas} only it uses). Two files describing the same operation
 * (path and method) or the same schema stop the start, so that parallel work on features cannot overwrite
 * one another.
 */
final class OpenApiDocument {

    static final String BASE = "static-api/openapi.json";
    static final String FEATURES = "classpath*:static-api/paths/*.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenApiDocument() {
    }

    /** The merged document as JSON bytes. */
    static byte[] load() {
        PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();
        ObjectNode document = (ObjectNode) read(resources.getResource("classpath:" + BASE));
        ObjectNode paths = document.putObject("paths");
        ObjectNode schemas = document.withObject("/components").withObject("/schemas");
        try {
            Resource[] features = resources.getResources(FEATURES);
            Arrays.sort(features, Comparator.comparing(Resource::getFilename));
            for (Resource feature : features) {
                JsonNode part = read(feature);
                merge(part.path("paths"), paths, 2, feature.getFilename());
                merge(part.path("components").path("schemas"), schemas, 1, feature.getFilename());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + FEATURES, e);
        }
        return JSON.writeValueAsBytes(document);
    }

    /** Adds {@code part} to {@code into}; at {@code depth} 2 (paths) one path may gather methods from several files. */
    private static void merge(JsonNode part, ObjectNode into, int depth, String file) {
        for (Map.Entry<String, JsonNode> entry : part.properties()) {
            JsonNode existing = into.get(entry.getKey());
            if (existing == null) {
                into.set(entry.getKey(), entry.getValue());
            } else if (depth > 1) {
                merge(entry.getValue(), (ObjectNode) existing, depth - 1, file);
            } else {
                throw new IllegalStateException(file + " describes " + entry.getKey() + " again; another file already does");
            }
        }
    }

    private static JsonNode read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}

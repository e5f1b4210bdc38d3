package io.opencvm.api;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds on what a JSON request body may hold, for every reader of request JSON (Spring's message converter and
 * {@link JsonBody}): nesting depth, string, number and property-name length, token count. Past one of them the
 * body is {@code json_invalid} (422) before any object is built. The body size itself is {@link BodySizeLimit}'s.
 */
@Configuration(proxyBeanMethods = false)
public class JsonReadLimits {

    /** Deeper than any request of the API (an app compose nests about five levels). */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Digits of one number: far beyond a 64-bit integer, far below what would make parsing slow. */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** One string: the body limit bounds it anyway; a compose file fits. */
    public static final int MAX_STRING_LENGTH = 1 << 20;
    public static final int MAX_NAME_LENGTH = 256;
    public static final long MAX_TOKEN_COUNT = 200_000;

    public static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxTokenCount(MAX_TOKEN_COUNT)
            .build();

    /** A mapper builder whose parser applies {@link #CONSTRAINTS}. */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build());
    }

    /** Spring Boot's JSON mapper (and so the request body converter), with its usual customizers, on the bounded parser. */
    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = builder();
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder;
    }
}

package io.opencvm.dev;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The simulated nodes and the development KMS (whose seed is public) run only when asked for
 * ({@code opencvm.embedded.enabled=true}) or, when that is left unset, only on the embedded H2 database:
 * a production start on PostgreSQL never gets them by default.
 */
class EmbeddedFleetCondition implements Condition {

    static final String PROPERTY = "opencvm.embedded.enabled";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return enabled(context.getEnvironment());
    }

    static boolean enabled(Environment environment) {
        String asked = environment.getProperty(PROPERTY, "").trim();
        if (!asked.isEmpty()) {
            return Boolean.parseBoolean(asked);
        }
        return environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:");
    }
}

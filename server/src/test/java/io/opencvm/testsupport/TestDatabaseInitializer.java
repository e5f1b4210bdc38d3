package io.opencvm.testsupport;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a Spring test context at a fresh database of the kind {@link TestDatabase} selects. */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("opencvm-test-db", Map.of(
                "spring.datasource.url", TestDatabase.freshUrl(),
                "spring.datasource.username", TestDatabase.user(),
                "spring.datasource.password", "")));
    }
}

package io.opencvm.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full server on a random loopback port, on a fresh database (H2 or PostgreSQL, see
 * {@link TestDatabase}), with the embedded default's simulated nodes and the first-start account off.
 * Tests talk to it over HTTP only.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"opencvm.embedded.enabled=false", "opencvm.bootstrap.enabled=false", "server.address=127.0.0.1",
                "management.server.port=0",
                // Tests send bursts with one key; ApiKeyRateLimitTest turns the per-key limit on.
                "opencvm.limits.rate.requests-per-period=0",
                // Cached test contexts each keep a pool: let idle ones give their PostgreSQL connections back.
                "spring.datasource.hikari.maximum-pool-size=8", "spring.datasource.hikari.minimum-idle=0",
                "spring.datasource.hikari.idle-timeout=10000"})
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
public @interface ServerTest {
}

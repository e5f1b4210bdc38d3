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
        properties = {"opencvm.embedded.enabled=false", "opencvm.bootstrap.enabled=false", "server.address=127.0.0.1"})
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
public @interface ServerTest {
}

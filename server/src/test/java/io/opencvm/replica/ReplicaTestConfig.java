package io.opencvm.replica;

import io.opencvm.testsupport.SettableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/** Test collaborators shared by every replica test: a settable clock and idempotency keys with a hook. */
@TestConfiguration(proxyBeanMethods = false)
class ReplicaTestConfig {

    @Bean
    @Primary
    SettableClock settableClock() {
        return new SettableClock();
    }

    @Bean
    @Primary
    HookedIdempotencyKeys hookedIdempotencyKeys(IdempotencyStore store, SettableClock clock,
                                                PlatformTransactionManager transactions, JsonMapper json) {
        return new HookedIdempotencyKeys(store, clock, transactions, json);
    }
}

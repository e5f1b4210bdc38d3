package io.opencvm.provision;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes provisions never committed within their 24 h (a commit would refuse them anyway). */
@Component
public class ProvisionPurge {

    private static final Logger log = LoggerFactory.getLogger(ProvisionPurge.class);

    private final ProvisionStore provisions;
    private final Clock clock;

    ProvisionPurge(ProvisionStore provisions, Clock clock) {
        this.provisions = provisions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${opencvm.purge.interval:PT15M}", initialDelayString = "${opencvm.purge.initial-delay:PT1M}")
    void scheduled() {
        purgeAbandoned();
    }

    /** Deletes the abandoned provisions now; returns how many. */
    public int purgeAbandoned() {
        int n = provisions.deleteExpired(clock.instant());
        if (n > 0) {
            log.info("purged {} abandoned provision(s)", n);
        }
        return n;
    }
}

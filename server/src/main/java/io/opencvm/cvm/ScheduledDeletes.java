package io.opencvm.cvm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes CVMs whose scheduled delete time ({@code PATCH /cvms/{id}/scheduled-delete}) has come, as their owner's
 * {@code DELETE} would: the delete is recorded and its operation queued. A CVM that cannot be deleted now (it is
 * changing) is asked again on the next pass.
 */
@Component
class ScheduledDeletes {

    private static final Logger log = LoggerFactory.getLogger(ScheduledDeletes.class);
    private static final int BATCH = 100;

    private final CvmService cvms;

    ScheduledDeletes(CvmService cvms) {
        this.cvms = cvms;
    }

    @Scheduled(fixedDelayString = "${opencvm.scheduled-delete.interval:PT30S}",
            initialDelayString = "${opencvm.scheduled-delete.interval:PT30S}")
    void scheduled() {
        deleteDue();
    }

    /** Asks for the delete of every CVM due now (at most one batch); returns how many were asked. */
    int deleteDue() {
        int asked = 0;
        for (Cvm cvm : cvms.dueForDelete(BATCH)) {
            try {
                cvms.act(cvm, CvmAction.DELETE, "schedule");
                asked++;
            } catch (RuntimeException e) {
                log.info("scheduled delete of CVM {} postponed: {}", cvm.vmUuid(), e.getMessage());
            }
        }
        return asked;
    }
}

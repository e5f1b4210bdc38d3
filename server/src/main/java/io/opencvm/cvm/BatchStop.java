package io.opencvm.cvm;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * {@code POST /cvms/batch-stop}: a stop of each named CVM of the caller's workspace, each in its own transaction (one
 * refusal does not undo the others). A CVM already stopped is skipped; one that is missing, another workspace's or
 * cannot stop now is an error entry with the reason, as a single stop would answer it.
 */
@Service
class BatchStop {

    /** {@code BatchStopErrorEntry}. */
    record Failure(String cvm_id, String error) {
    }

    /** {@code BatchStopResponse}. */
    record Summary(int total, int stopped, int skipped, List<Failure> errors) {
    }

    private final CvmService cvms;

    BatchStop(CvmService cvms) {
        this.cvms = cvms;
    }

    Summary stop(Caller caller, List<String> cvmIds) {
        int stopped = 0;
        int skipped = 0;
        List<Failure> errors = new ArrayList<>();
        for (String id : cvmIds) {
            try {
                Cvm cvm = cvms.resolve(caller, id);
                if (cvm.status().decide(CvmAction.STOP) == CvmStatus.Decision.ALREADY) {
                    skipped++;
                } else {
                    cvms.act(caller, id, CvmAction.STOP);
                    stopped++;
                }
            } catch (ApiException e) {
                errors.add(new Failure(id, e.getMessage()));
            }
        }
        return new Summary(cvmIds.size(), stopped, skipped, errors);
    }
}

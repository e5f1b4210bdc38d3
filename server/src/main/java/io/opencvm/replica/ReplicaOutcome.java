package io.opencvm.replica;

import io.opencvm.cvm.CvmView;
import io.opencvm.kms.OnchainStatus;

/** What a replicate or commit-replica request came to. A refusal is not an outcome: it is thrown. */
sealed interface ReplicaOutcome {

    /** The replica's row, its reservation and its {@code create} operation are written; answered 200. */
    record Created(CvmView replica, ReplicaPlan plan) implements ReplicaOutcome {
    }

    /**
     * Nothing is created: the plan waits under a one-time commit token, because the app contract does not
     * allow it yet or the client asked to prepare only; answered 465 with what the client needs to commit.
     */
    record Prepared(ReplicaPlan plan, OnchainStatus status, String token, String apiCommitUrl, boolean prepareOnly)
            implements ReplicaOutcome {

        @Override
        public String toString() {
            return "Prepared[" + plan + "]"; // never the token
        }
    }
}

package io.opencvm.replica;

import io.opencvm.cvm.CvmJson;
import io.opencvm.cvm.CvmView;
import io.opencvm.kms.OnchainStatus;
import io.opencvm.onchain.PendingApproval;
import java.util.LinkedHashMap;
import java.util.Map;

/** The replica's JSON: the VM record every client parses plus where it went and why, and the 465 of a prepared one. */
final class ReplicaJson {

    private ReplicaJson() {
    }

    static Map<String, Object> vm(CvmView replica, ReplicaPlan plan) {
        Map<String, Object> m = new LinkedHashMap<>(CvmJson.vm(replica));
        m.put("source_cvm_id", plan.source().publicId());
        Map<String, Object> placement = new LinkedHashMap<>();
        placement.put("node_id", plan.target().id());
        placement.put("node_name", plan.target().name());
        placement.put("moved_from_source_node", plan.movedFromSource());
        placement.put("reason", plan.placementReason());
        m.put("placement", placement);
        return m;
    }

    /** The 465 of a prepared replica: the details every flow's 465 carries, for the target node. */
    static PendingApproval approval(ReplicaOutcome.Prepared prepared) {
        ReplicaPlan plan = prepared.plan();
        return new PendingApproval(plan.composeHash(), plan.app().appId(), plan.target(), plan.kms(), prepared.status(),
                prepared.token(), prepared.apiCommitUrl());
    }

    static String preparedMessage(ReplicaOutcome.Prepared prepared) {
        OnchainStatus status = prepared.status();
        if (status.isAllowed()) {
            return prepared.prepareOnly() ? "Replica prepared; every on-chain prerequisite is met, commit with the token"
                    : "Replica prepared; commit with the token";
        }
        if (!status.composeHashAllowed() && !status.deviceIdAllowed()) {
            return "The compose hash and the target device must be allowed on-chain before the replica can be created";
        }
        return status.composeHashAllowed()
                ? "The target device must be allowed on-chain before the replica can be created"
                : "The compose hash must be registered on-chain before the replica can be created";
    }

}

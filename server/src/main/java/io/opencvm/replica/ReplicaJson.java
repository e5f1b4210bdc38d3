package io.opencvm.replica;

import io.opencvm.api.ErrorDetail;
import io.opencvm.cvm.CvmJson;
import io.opencvm.cvm.CvmView;
import io.opencvm.kms.KmsInfo;
import io.opencvm.kms.OnchainStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** The {@code details[]} of a 465 that the CLI's prepare summary and the SDK's parsers read. */
    static List<ErrorDetail> prepared(ReplicaOutcome.Prepared prepared) {
        ReplicaPlan plan = prepared.plan();
        return List.of(
                ErrorDetail.field("compose_hash", plan.composeHash()),
                ErrorDetail.field("app_id", plan.app().appId()),
                ErrorDetail.field("device_id", plan.target().deviceId() == null ? "" : plan.target().deviceId()),
                ErrorDetail.field("kms_info", plan.kms() == null ? null : KmsInfo.of(plan.kms())),
                ErrorDetail.field("commit_token", prepared.token()),
                ErrorDetail.field("commit_url", prepared.apiCommitUrl() + "?token=" + prepared.token()),
                ErrorDetail.field("api_commit_url", prepared.apiCommitUrl()),
                ErrorDetail.field("onchain_status", prepared.status()),
                ErrorDetail.field("node_id", plan.target().id()));
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

    static List<String> preparedSuggestions(OnchainStatus status) {
        List<String> out = new ArrayList<>();
        if (!status.composeHashAllowed()) {
            out.add("Register the compose hash on the app contract (addComposeHash), then commit");
        }
        if (!status.deviceIdAllowed()) {
            out.add("Allow the target node's device on the app contract (addDevice), then commit");
        }
        if (out.isEmpty()) {
            out.add("Commit with --transaction-hash already-registered");
        }
        return out;
    }
}

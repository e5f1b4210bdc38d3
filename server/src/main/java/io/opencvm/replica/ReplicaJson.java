package io.opencvm.replica;

import io.opencvm.cvm.CvmJson;
import io.opencvm.cvm.CvmView;
import io.opencvm.kms.KmsInfo;
import io.opencvm.kms.OnchainStatus;
import io.opencvm.api.ErrorDetail;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The replica's JSON: the VM record every client parses, plus where it went and why. */
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
    static List<ErrorDetail> prepared(ReplicaPlan plan, OnchainStatus status, String token, String commitUrl,
                                      String apiCommitUrl) {
        Map<String, Object> onchain = new LinkedHashMap<>();
        onchain.put("compose_hash_allowed", status.composeHashAllowed());
        onchain.put("device_id_allowed", status.deviceIdAllowed());
        onchain.put("is_allowed", status.isAllowed());
        return List.of(
                ErrorDetail.field("compose_hash", plan.composeHash()),
                ErrorDetail.field("app_id", plan.app().appId()),
                ErrorDetail.field("device_id", plan.target().deviceId() == null ? "" : plan.target().deviceId()),
                ErrorDetail.field("kms_info", plan.kms() == null ? null : KmsInfo.of(plan.kms())),
                ErrorDetail.field("commit_token", token),
                ErrorDetail.field("commit_url", commitUrl),
                ErrorDetail.field("api_commit_url", apiCommitUrl),
                ErrorDetail.field("onchain_status", onchain),
                ErrorDetail.field("node_id", plan.target().id()));
    }
}

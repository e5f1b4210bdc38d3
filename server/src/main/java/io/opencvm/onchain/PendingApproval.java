package io.opencvm.onchain;

import io.opencvm.api.ErrorDetail;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsInfo;
import io.opencvm.kms.OnchainStatus;
import io.opencvm.node.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * A change the app contract must allow first (or that the client asked to prepare only): what the 465's
 * {@code details[]} say, the one shape the CLI's prepare summary and the SDK's parsers read for replicas, new
 * instances and updates. {@code token} and {@code apiCommitUrl} are null when nothing was kept to commit; then the
 * commit fields are left out (the SDK takes them as strings or absent, never null).
 */
public record PendingApproval(String composeHash, String appId, Node node, Kms kms, OnchainStatus status,
                              String token, String apiCommitUrl) {

    public List<ErrorDetail> details() {
        List<ErrorDetail> details = new ArrayList<>(List.of(
                ErrorDetail.field("compose_hash", composeHash),
                ErrorDetail.field("app_id", appId),
                ErrorDetail.field("device_id", node.deviceId() == null ? "" : node.deviceId()),
                ErrorDetail.field("kms_info", kms == null ? null : KmsInfo.of(kms))));
        if (token != null) {
            details.add(ErrorDetail.field("commit_token", token));
            details.add(ErrorDetail.field("commit_url", apiCommitUrl + "?token=" + token));
            details.add(ErrorDetail.field("api_commit_url", apiCommitUrl));
        }
        details.add(ErrorDetail.field("onchain_status", status));
        details.add(ErrorDetail.field("node_id", node.id()));
        return details;
    }

    /** What the owner has to do on the contract before committing. */
    public List<String> suggestions() {
        List<String> out = new ArrayList<>();
        if (!status.composeHashAllowed()) {
            out.add("Register the compose hash on the app contract (addComposeHash), then commit");
        }
        if (!status.deviceIdAllowed()) {
            out.add("Allow the node's device on the app contract (addDevice), then commit");
        }
        if (out.isEmpty()) {
            out.add("Commit with --transaction-hash already-registered");
        }
        return out;
    }

    @Override
    public String toString() {
        return "PendingApproval[" + appId + " " + composeHash + " node " + node.id() + "]"; // never the token
    }
}

package io.opencvm.update;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.app.App;
import io.opencvm.app.AppService;
import io.opencvm.app.ComposeHash;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmService;
import io.opencvm.onchain.CommitTokens;
import io.opencvm.onchain.PreparedChange;
import io.opencvm.onchain.StoredChange;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The updates of an app's CVMs kept for on-chain approval and not yet committed ({@code GET /apps/{app_id}/pending-updates}),
 * each with whether the contract allows it by now, and one of them side by side with what its CVM runs
 * ({@code …/preview}).
 */
@Service
class PendingUpdates {

    private final AppService apps;
    private final CvmService cvms;
    private final CommitTokens tokens;
    private final UpdateApproval approval;
    private final JsonMapper json;

    PendingUpdates(AppService apps, CvmService cvms, CommitTokens tokens, UpdateApproval approval, JsonMapper json) {
        this.apps = apps;
        this.cvms = cvms;
        this.tokens = tokens;
        this.approval = approval;
        this.json = json;
    }

    /** One kept update: its CVM, the hash it waits with, and whether the contract allows that hash on the CVM's node now. */
    record Item(Cvm cvm, String composeHash, boolean onChain) {
    }

    /** The compose and pre-launch script the CVM runs and the ones the kept update would run (null: none). */
    record Preview(String currentDockerCompose, String pendingDockerCompose, String currentPreLaunchScript,
                   String pendingPreLaunchScript) {
    }

    List<Item> of(Caller caller, String appId) {
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        Map<Long, Cvm> live = cvms.liveOfApp(app.pk()).stream().collect(Collectors.toMap(Cvm::id, Function.identity()));
        return tokens.waiting(PreparedChange.Purpose.UPDATE, List.copyOf(live.keySet())).stream()
                .map(StoredChange::change)
                .map(c -> new Item(live.get(c.cvmId()), c.composeHash(),
                        approval.registered(app, live.get(c.cvmId()), c.composeHash())))
                .toList();
    }

    Preview preview(Caller caller, String appId, String vmUuid, String composeHash) {
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        String hash = ComposeHash.parse(composeHash).map(ComposeHash::hex).orElse("");
        Cvm cvm = cvms.liveOfApp(app.pk()).stream()
                .filter(c -> c.vmUuid().equalsIgnoreCase(vmUuid) || c.vmUuid().replace("-", "").equalsIgnoreCase(vmUuid))
                .findFirst().orElseThrow(() -> noSuchUpdate(vmUuid, composeHash));
        tokens.waiting(PreparedChange.Purpose.UPDATE, List.of(cvm.id())).stream()
                .filter(s -> s.change().composeHash().equals(hash)).findFirst()
                .orElseThrow(() -> noSuchUpdate(vmUuid, composeHash));
        JsonNode current = json.readTree(apps.revision(app.pk(), cvm.composeHash()).orElseThrow().composeFile());
        JsonNode pending = json.readTree(apps.revision(app.pk(), hash).orElseThrow().composeFile());
        return new Preview(text(current, "docker_compose_file"), text(pending, "docker_compose_file"),
                text(current, "pre_launch_script"), text(pending, "pre_launch_script"));
    }

    private static String text(JsonNode compose, String field) {
        JsonNode value = compose.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static ApiException noSuchUpdate(String vmUuid, String composeHash) {
        return new ApiException(ErrorCode.CVM_NOT_FOUND, "No update of CVM " + vmUuid + " with compose hash " + composeHash
                + " is waiting for approval");
    }
}

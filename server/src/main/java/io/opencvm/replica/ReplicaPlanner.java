package io.opencvm.replica;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.Tenancy;
import io.opencvm.app.App;
import io.opencvm.app.AppCompose;
import io.opencvm.app.AppId;
import io.opencvm.app.AppService;
import io.opencvm.app.ComposeHash;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmService;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsService;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import io.opencvm.node.Placement;
import io.opencvm.onchain.PreparedChange;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Turns a replicate request into a {@link ReplicaPlan}, reading but never writing. */
@Component
class ReplicaPlanner {

    private final CvmService cvms;
    private final AppService apps;
    private final NodeService nodes;
    private final KmsService kmsService;

    ReplicaPlanner(CvmService cvms, AppService apps, NodeService nodes, KmsService kmsService) {
        this.cvms = cvms;
        this.apps = apps;
        this.nodes = nodes;
        this.kmsService = kmsService;
    }

    /**
     * The CVM a path segment names. An app id shared by several live CVMs of the caller's workspace names the
     * app, which is enough when the revision to copy is unambiguous (its oldest instance is the source);
     * with several revisions and none named the id stays ambiguous, ERR-03-010 (the CLI retries with a vm_uuid).
     */
    Cvm source(Caller caller, String segment, ReplicateRequest request) {
        List<Cvm> live = Tenancy.visible(caller.workspaceId(), AppId.parse(segment).flatMap(apps::findByAppId))
                .map(app -> cvms.liveOfApp(app.pk())).orElse(List.of());
        boolean oneRevision = request.composeHash() != null || live.stream().map(Cvm::composeHash).distinct().count() == 1;
        if (live.size() > 1 && oneRevision) {
            return oldestWith(live, revision(live.stream().map(Cvm::composeHash).distinct().sorted().toList(),
                    request.composeHash(), null));
        }
        return cvms.resolve(caller, segment);
    }

    /**
     * Reads what the replica needs: the app, the revisions its live CVMs run (not the CVMs), the template when
     * it is not the source, the compose it boots (the revision's, or with what a new instance changes in it), the
     * source node (all nodes only when the replica must move), the KMS.
     */
    ReplicaPlan plan(Caller caller, Cvm source, ReplicateRequest request) {
        App app = appOf(source);
        String hash = revision(cvms.liveRevisionsOfApp(app.pk()), request.composeHash(), source.composeHash());
        Cvm template = source.composeHash().equals(hash) ? source : cvms.oldestLiveOfApp(app.pk(), hash)
                .orElseThrow(() -> new IllegalStateException("no live CVM with " + hash));
        AppCompose base = recorded(app, hash);
        AppCompose compose = request.compose() == null || request.compose().isEmpty() ? base
                : request.compose().applyTo(base.json());
        return place(caller, source, template, app, compose, !compose.hash().equals(hash), request);
    }

    /**
     * The plan of a commit: the revision the token kept, which is a live one or the new revision a prepared new
     * instance recorded (then copied from the source, as it was prepared).
     */
    ReplicaPlan planCommit(Caller caller, Cvm source, PreparedChange change) {
        App app = appOf(source);
        String hash = change.composeHash();
        Cvm template = source.composeHash().equals(hash) ? source : cvms.oldestLiveOfApp(app.pk(), hash).orElse(source);
        return place(caller, source, template, app, recorded(app, hash), false,
                new ReplicateRequest(change.nodeId(), change.encryptedEnv(), null));
    }

    private ReplicaPlan place(Caller caller, Cvm source, Cvm template, App app, AppCompose compose, boolean newRevision,
                              ReplicateRequest request) {
        Optional<Node> templateNode = nodes.find(template.nodeId());
        Long sourceKms = templateNode.map(Node::kmsId).orElse(null);
        Placement.Demand demand = new Placement.Demand(caller.workspaceId(), template.resources(), template.spec().image());
        ReplicaPlacement.Nodes candidates = new ReplicaPlacement.Nodes(
                id -> id == template.nodeId() ? templateNode : nodes.find(id), nodes::all);
        ReplicaPlacement.Decision placed = ReplicaPlacement.decide(request.nodeId(), template.nodeId(), sourceKms, demand,
                candidates);
        Kms kms = app.kmsPk() == null ? null : kmsService.find(app.kmsPk()).orElse(null);
        String env = request.encryptedEnv() != null ? request.encryptedEnv() : template.spec().encryptedEnv();
        return new ReplicaPlan(source, template, app, kms, compose, newRevision, placed.node(), placed.movedFromSource(),
                placed.reason(), env);
    }

    private App appOf(Cvm source) {
        return apps.find(source.origin().appPk()).orElseThrow(() -> new IllegalStateException("CVM without app: " + source));
    }

    private AppCompose recorded(App app, String hash) {
        return apps.composeFile(app.pk(), hash).map(text -> new AppCompose(text, hash))
                .orElseThrow(() -> new IllegalStateException("no revision " + hash + " of app " + app.pk()));
    }

    /**
     * The revision to copy: the one the request names (it must have a live instance), else the only
     * live one; several live revisions and none named is ERR-03-009.
     */
    static String revision(List<String> hashes, ComposeHash requested, String sourceHash) {
        if (requested != null) {
            if (!hashes.contains(requested.hex())) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "compose_hash names no live revision of this app",
                        List.of(ErrorDetail.field("compose_hash", requested.hex())));
            }
            return requested.hex();
        }
        if (hashes.size() > 1) {
            throw new ApiException(ErrorCode.MULTIPLE_COMPOSE_HASHES,
                    "The app runs " + hashes.size() + " revisions; say which one to replicate with compose_hash",
                    hashes.stream().map(h -> ErrorDetail.field("compose_hash", h)).toList(),
                    List.of("Pass compose_hash (or --compose-hash) with one of the listed hashes"));
        }
        return sourceHash != null ? sourceHash : hashes.get(0);
    }

    private static Cvm oldestWith(List<Cvm> live, String hash) {
        return live.stream().filter(c -> c.composeHash().equals(hash))
                .min(Cvm.OLDEST_FIRST)
                .orElseThrow(() -> new IllegalStateException("no live CVM with " + hash));
    }
}

package io.opencvm.cvm;

import io.opencvm.account.AccountService;
import io.opencvm.account.User;
import io.opencvm.account.Workspace;
import io.opencvm.app.App;
import io.opencvm.app.AppService;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsService;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationQueue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Assembles {@link CvmView}s: the rows plus their apps, nodes, KMSs, owners, newest operations and composes. */
@Component
class CvmViews {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AccountService accounts;
    private final AppService apps;
    private final NodeService nodes;
    private final KmsService kmsService;
    private final OperationQueue operations;

    CvmViews(AccountService accounts, AppService apps, NodeService nodes, KmsService kmsService,
             OperationQueue operations) {
        this.accounts = accounts;
        this.apps = apps;
        this.nodes = nodes;
        this.kmsService = kmsService;
        this.operations = operations;
    }

    CvmView of(Cvm cvm) {
        return of(List.of(cvm)).get(0);
    }

    List<CvmView> of(List<Cvm> cvms) {
        Map<Long, Operation> latest = operations.latestFor(cvms.stream().map(Cvm::id).toList());
        Map<Long, App> appsByPk = new HashMap<>();
        apps.findAll(cvms.stream().map(c -> c.origin().appPk()).distinct().toList()).forEach(a -> appsByPk.put(a.pk(), a));
        Map<Long, Node> nodeCache = new HashMap<>();
        Map<Long, Kms> kmsCache = new HashMap<>();
        Map<String, Owner> owners = new HashMap<>();
        Map<String, JsonNode> composes = new HashMap<>();
        return cvms.stream().map(c -> {
            App app = appsByPk.get(c.origin().appPk());
            Node node = nodeCache.computeIfAbsent(c.nodeId(), nodes::get);
            Kms kms = app.kmsPk() == null ? null
                    : kmsCache.computeIfAbsent(app.kmsPk(), pk -> kmsService.find(pk).orElse(null));
            Owner owner = owners.computeIfAbsent(c.workspaceId() + "/" + c.origin().creatorUserId(),
                    k -> owner(c.workspaceId(), c.origin().creatorUserId()));
            JsonNode compose = composes.computeIfAbsent(c.origin().appPk() + "/" + c.composeHash(),
                    k -> apps.composeFile(c.origin().appPk(), c.composeHash()).map(JSON::readTree).orElse(null));
            return new CvmView(c, app, node, kms, owner, latest.get(c.id()), Objects.requireNonNull(compose));
        }).toList();
    }

    /** What the view of a CVM about to be created needs beyond its rows and its owner: its compose. */
    NewCvmContext newCvmContext(Owner owner, App app, String composeHash, Node node, Kms kms) {
        JsonNode compose = apps.composeFile(app.pk(), composeHash).map(JSON::readTree)
                .orElseThrow(() -> new IllegalStateException("no revision " + composeHash + " of app " + app.pk()));
        return new NewCvmContext(app, node, kms, owner, compose);
    }

    /** The view of a CVM just created, from its rows as written and what its creator gathered: nothing is read. */
    static CvmView ofNew(Cvm cvm, Operation create, NewCvmContext context) {
        return new CvmView(cvm, context.app(), context.node(), context.kms(), context.owner(), create, context.compose());
    }

    private Owner owner(long workspaceId, long userId) {
        Workspace ws = accounts.findWorkspace(workspaceId).orElseThrow();
        User user = accounts.findUser(userId).orElseThrow();
        return new Owner(ws.publicId(), ws.name(), ws.slug(), user.pk(), user.publicId(), user.username());
    }
}

package io.opencvm.node;

import io.opencvm.account.AccountService;
import io.opencvm.account.Caller;
import io.opencvm.account.Workspace;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The node feature's public face: find nodes, and reserve or release their capacity. */
@Service
public class NodeService {

    private final NodeStore store;
    private final AccountService accounts;

    NodeService(NodeStore store, AccountService accounts) {
        this.store = store;
        this.accounts = accounts;
    }

    public Optional<Node> find(long id) {
        return store.find(id);
    }

    /** The node, or 404 ERR-01-001. */
    public Node get(long id) {
        return store.find(id).orElseThrow(() -> new ApiException(ErrorCode.NODE_NOT_FOUND, "Node " + id + " not found"));
    }

    public List<Node> all() {
        return store.all();
    }

    List<Node> usableBy(long workspaceId) {
        return store.all().stream().filter(n -> n.usableBy(workspaceId)).toList();
    }

    /** The nodes open to the caller's workspace, named by its slug; another workspace's slug is 404. */
    List<Node> openToWorkspace(Caller caller, String slug) {
        if (!slug.equals(caller.workspaceSlug())) {
            throw new ApiException(ErrorCode.WORKSPACE_NOT_FOUND, "Workspace " + slug + " not found");
        }
        return store.all().stream().filter(n -> n.openTo(caller.workspaceId())).toList();
    }

    String workspaceTier(long workspaceId) {
        return accounts.findWorkspace(workspaceId).map(Workspace::tier).orElse("free");
    }

    /**
     * Holds {@code demand} on the node inside the caller's transaction with one conditional UPDATE, so that
     * concurrent requests never over-commit it; false (and nothing held) when it does not fit.
     */
    /**
     * Whether this instance carries out {@code duty} for the node this interval. Instances on one database share
     * the turn, so each node is probed and reconciled about once per {@code interval} however many instances run.
     */
    public boolean takeTurn(long nodeId, NodeDuty duty, Instant now, Duration interval) {
        return store.takeTurn(nodeId, duty, now, NodeDuty.turnCutoff(now, interval));
    }

    public boolean reserve(long nodeId, Resources demand) {
        return store.reserve(nodeId, demand);
    }

    /** The refusal for a reservation of {@code demand} the node just turned down: the first resource that does not fit. */
    public ApiException roomRefusal(long nodeId, Resources demand) {
        // Room may have appeared between the refused UPDATE and the re-read: the refusal still stands.
        return get(nodeId).lackOfRoom(demand).orElseGet(() -> new ApiException(ErrorCode.RESOURCE_NOT_AVAILABLE,
                "Node " + nodeId + " is changing; try again"));
    }

    public void release(long nodeId, Resources held) {
        store.release(nodeId, held);
    }
}

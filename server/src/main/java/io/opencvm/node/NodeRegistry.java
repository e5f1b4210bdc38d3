package io.opencvm.node;

import io.opencvm.account.AccountService;
import io.opencvm.account.Workspace;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.Fields;
import io.opencvm.api.InputError;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsService;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operators' side of nodes: register (an idempotent upsert by name), change and remove them. Capacity
 * never drops below what CVMs hold; a node in use by a live CVM cannot be removed.
 */
@Service
public class NodeRegistry {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DEVICE_ID = Pattern.compile("(0x)?[0-9a-fA-F]{1,64}");

    private final NodeStore store;
    private final KmsService kms;
    private final AccountService accounts;
    private final Clock clock;

    NodeRegistry(NodeStore store, KmsService kms, AccountService accounts, Clock clock) {
        this.store = store;
        this.kms = kms;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Creates the node, or brings the node of that name (even a removed one) to exactly this registration. */
    @Transactional
    public Node register(NodeRegistration r) {
        Fields body = Fields.of("body");
        body.check("name", body.required("name", blankToNull(r.name())), NAME.matcher(nonNull(r.name())).matches(),
                "Node name must be 1-64 letters, digits, '.', '_' or '-'");
        body.check("vmm_url", body.required("vmm_url", blankToNull(r.vmmUrl())), Fields.isHttpUrl(r.vmmUrl()),
                "VMM URL must be an absolute http(s) URL of at most 512 characters");
        checkCapacity(body, r.capacity());
        body.check("region", r.region(), r.region() == null || r.region().length() <= 64, "Must be at most 64 characters");
        body.check("device_id", r.deviceId(), DEVICE_ID.matcher(nonNull(r.deviceId())).matches(),
                "Device id must be hex, at most 64 digits");
        Set<Long> workspaces = workspaceIds(r.workspaceSlugs(), body);
        Long kmsId = kmsId(r.kmsSlug(), body);
        body.throwIfAny();
        Optional<Node> existing = store.findByNameIncludingRemoved(r.name());
        String deviceId = r.deviceId() != null ? normalizeHex(r.deviceId())
                : existing.map(Node::deviceId).orElse(null);
        NodeSettings settings = new NodeSettings(r.vmmUrl(), blankToNull(r.vmmToken()), blankToNull(r.region()),
                r.listed(), r.openToAll(), kmsId, r.capacity(), deviceId);
        long id = existing.isPresent() ? existing.get().id()
                : store.insert(r.name(), settings, clock.instant()).orElse(-1L);
        if (id < 0) {
            // Another registration of the same name won the insert: update the node it created.
            id = store.findByNameIncludingRemoved(r.name()).orElseThrow().id();
            existing = store.find(id);
        }
        if (existing.isPresent() && !store.update(id, settings, true, clock.instant())) {
            throw belowReserved(store.find(id).orElseThrow(), r.capacity());
        }
        store.replaceWorkspaces(id, workspaces);
        log.info("node {} registered (id {}, {})", r.name(), id, existing.isPresent() ? "updated" : "new");
        return store.find(id).orElseThrow();
    }

    /**
     * A node the server starts itself (the embedded default): registered as given the first time. On later starts
     * only where it is reached and its device id follow the simulator; whatever an operator changed since (capacity,
     * listing, who may use it) stays, so a start is never refused by what the server accepted before (a node
     * raised and filled, for one).
     */
    @Transactional
    public Node registerOwn(NodeRegistration r) {
        Optional<Node> existing = store.findByNameIncludingRemoved(r.name()).flatMap(n -> store.find(n.id()));
        if (existing.isEmpty()) {
            return register(r);
        }
        Node node = existing.get();
        NodeSettings now = node.settings();
        NodeSettings settings = new NodeSettings(r.vmmUrl(), now.vmmToken(), now.region(), now.listed(), now.openToAll(),
                now.kmsId(), now.capacity(), r.deviceId() != null ? normalizeHex(r.deviceId()) : now.deviceId());
        if (!store.update(node.id(), settings, false, clock.instant())) {
            throw new IllegalStateException("node " + node.name() + " refused its own unchanged capacity");
        }
        log.info("node {} re-attached at {} (id {}), its settings kept", node.name(), r.vmmUrl(), node.id());
        return store.find(node.id()).orElseThrow();
    }

    /** Applies a partial change to a live node, or 404 / 422 / 409 (capacity below reserved) with nothing changed. */
    @Transactional
    public Node change(long id, NodeChange c) {
        Node node = store.find(id).orElseThrow(() -> notFound(id));
        Resources capacity = c.capacityOver(node.capacity());
        Fields body = Fields.of("body");
        checkCapacity(body, capacity);
        Set<Long> workspaces = c.workspaceSlugs() == null ? node.workspaceIds() : workspaceIds(c.workspaceSlugs(), body);
        body.throwIfAny();
        NodeSettings now = node.settings();
        NodeSettings settings = new NodeSettings(now.vmmUrl(), now.vmmToken(), now.region(),
                c.listed() == null ? now.listed() : c.listed(),
                c.openToAll() == null ? now.openToAll() : c.openToAll(), now.kmsId(), capacity, now.deviceId());
        if (!store.update(id, settings, false, clock.instant())) {
            throw belowReserved(store.find(id).orElseThrow(() -> notFound(id)), capacity);
        }
        store.replaceWorkspaces(id, workspaces);
        log.info("node {} changed (id {})", node.name(), id);
        return store.find(id).orElseThrow();
    }

    /** Removes a node that holds no CVM; 409 ERR-01-101 while one still holds a slot. */
    @Transactional
    public void remove(long id) {
        Node node = store.find(id).orElseThrow(() -> notFound(id));
        if (!store.markRemoved(id, clock.instant())) {
            int held = node.reserved().slots();
            throw new ApiException(ErrorCode.NODE_IN_USE, "Node " + node.name() + " still holds " + held + " CVM(s)",
                    List.of(ErrorDetail.field("node_id", id), ErrorDetail.field("live_cvms", held)),
                    List.of("Delete or move its CVMs first"));
        }
        log.info("node {} removed (id {})", node.name(), id);
    }

    /** Every live node with its probe health and workspace slugs, by id. */
    List<RegisteredNode> registered() {
        return registered(store.all());
    }

    RegisteredNode registered(long id) {
        return registered(List.of(store.find(id).orElseThrow(() -> notFound(id)))).get(0);
    }

    private List<RegisteredNode> registered(List<Node> nodes) {
        Map<Long, NodeHealth> health = store.health();
        return nodes.stream().map(n -> new RegisteredNode(n, health.getOrDefault(n.id(), NodeHealth.FRESH),
                slugs(n))).toList();
    }


    private static void checkCapacity(Fields body, Resources c) {
        body.atLeast("vcpu", c.vcpu(), 1);
        body.atLeast("memory_mb", c.memoryMb(), 1);
        body.atLeast("disk_gb", c.diskGb(), 1);
        body.atLeast("slots", c.slots(), 1);
    }

    private Set<Long> workspaceIds(Set<String> slugs, Fields body) {
        Set<Long> ids = new HashSet<>();
        for (String slug : new TreeSet<>(slugs)) {
            accounts.findWorkspace(slug).ifPresentOrElse(w -> ids.add(w.pk()),
                    () -> body.add("workspaces", InputError.VALUE_ERROR, slug, "Unknown workspace: " + slug));
        }
        return Set.copyOf(ids);
    }

    private List<String> slugs(Node node) {
        return node.workspaceIds().stream().map(accounts::findWorkspace).flatMap(Optional::stream)
                .map(Workspace::slug).sorted().toList();
    }

    private Long kmsId(String kmsSlug, Fields body) {
        if (kmsSlug == null || kmsSlug.isBlank()) {
            return null;
        }
        Optional<Kms> found = kms.findByIdOrSlug(kmsSlug);
        body.check("kms", kmsSlug, found.isPresent(), "Unknown KMS: " + kmsSlug);
        return found.map(Kms::pk).orElse(null);
    }

    private static ApiException belowReserved(Node node, Resources wanted) {
        Resources held = node.reserved();
        return new ApiException(ErrorCode.NODE_CAPACITY_BELOW_RESERVED, "Node " + node.name()
                + " cannot shrink below what its CVMs hold (" + held.vcpu() + " vCPU, " + held.memoryMb() + " MB, "
                + held.diskGb() + " GB, " + held.slots() + " slots); requested " + wanted.vcpu() + " vCPU, "
                + wanted.memoryMb() + " MB, " + wanted.diskGb() + " GB, " + wanted.slots() + " slots",
                List.of(ErrorDetail.field("node_id", node.id())));
    }

    private static ApiException notFound(long id) {
        return new ApiException(ErrorCode.NODE_NOT_FOUND, "Node " + id + " not found");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static String normalizeHex(String hex) {
        String h = hex.startsWith("0x") ? hex.substring(2) : hex;
        return h.toLowerCase(Locale.ROOT);
    }
}

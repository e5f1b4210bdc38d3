package io.opencvm.account;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.Fields;
import io.opencvm.api.Tenancy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The account feature's public face: workspaces, users, memberships and API keys. Every write runs
 * in one transaction, so a refused or failed write changes nothing. Plaintext keys exist only in
 * the {@link IssuedKey} returned once; the database holds their SHA-256.
 */
@Service
public class AccountService {

    public static final String TIER = "self-hosted";
    static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    public static final String ADMIN_USERNAME = "admin";
    public static final String DEFAULT_WORKSPACE = "default";
    static final String DEFAULT_KEY_NAME = "default";
    static final String BOOTSTRAP_KEY_NAME = "bootstrap";

    private final AccountStore store;
    private final Clock clock;

    AccountService(AccountStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    // writes ------------------------------------------------------------------------------------

    /** A new workspace; 422 for a bad name or slug ({@code ^[a-z0-9][a-z0-9-]{1,62}$}), 409 when the slug is taken. */
    @Transactional
    public Workspace createWorkspace(String name, String slug) {
        Fields body = Fields.of("body");
        checkWorkspace(body, name, slug);
        body.throwIfAny();
        if (store.findWorkspace(slug).isPresent()) {
            throw alreadyExists("workspace", "slug", slug);
        }
        return unique("workspace", "slug", slug, () -> store.insertWorkspace(name.strip(), slug, TIER, clock.instant()));
    }

    /** A new user outside any workspace; 422 for a bad username or email, 409 when the username is taken. */
    @Transactional
    public User createUser(String username, String email, UserRole role) {
        Fields body = Fields.of("body");
        checkUser(body, username, email);
        body.throwIfAny();
        if (store.findUser(username).isPresent()) {
            throw alreadyExists("user", "username", username);
        }
        return unique("user", "username", username, () -> store.insertUser(username, email, role, clock.instant()));
    }

    /** A new user who is at once a member of an existing workspace (404 when it does not exist). */
    @Transactional
    public User createMember(String username, String email, UserRole role, String workspaceSlug, MemberRole memberRole) {
        Workspace workspace = workspace(workspaceSlug);
        User user = createUser(username, email, role);
        store.insertMember(workspace.pk(), user.pk(), memberRole);
        return user;
    }

    /** Adds an existing user to a workspace; 409 when already a member. */
    @Transactional
    public Membership addMember(String workspaceSlug, String username, MemberRole role) {
        Workspace workspace = workspace(workspaceSlug);
        User user = user(username);
        if (store.membership(user.pk(), workspace.pk()).isPresent()) {
            throw alreadyExists("membership", "username", username);
        }
        unique("membership", "username", username, () -> {
            store.insertMember(workspace.pk(), user.pk(), role);
            return null;
        });
        return new Membership(workspace, role);
    }

    /** Issues a key for a member of a workspace; the returned plaintext is never stored or shown again. */
    @Transactional
    public IssuedKey issueKey(String username, String workspaceSlug, String name) {
        Fields body = Fields.of("body");
        checkKeyName(body, name);
        body.throwIfAny();
        User user = user(username);
        Workspace workspace = workspace(workspaceSlug);
        if (store.membership(user.pk(), workspace.pk()).isEmpty()) {
            throw new ApiException(ErrorCode.NOT_A_MEMBER, "User " + username + " is not a member of workspace " + workspaceSlug,
                    List.of(ErrorDetail.field("username", username), ErrorDetail.field("workspace_slug", workspaceSlug)));
        }
        String keyName = name == null ? DEFAULT_KEY_NAME : name;
        return store.insertKey(user.pk(), workspace.pk(), keyName, ApiKeys.generate(), clock.instant());
    }

    /** Revokes a key by its public id; revoking a revoked key changes nothing. 404 for an unknown id. */
    @Transactional
    public ApiKey revokeKey(String keyId) {
        store.findKey(keyId).orElseThrow(() -> keyNotFound(keyId));
        store.revokeKey(keyId, clock.instant());
        return store.findKey(keyId).orElseThrow(() -> keyNotFound(keyId));
    }

    /**
     * Revokes a key of the caller's workspace; another workspace's key is not found, exactly like a missing one
     * ({@link Tenancy}).
     */
    @Transactional
    public ApiKey revokeKeyOf(Caller caller, String keyId) {
        Tenancy.require(caller.workspaceId(), store.findKey(keyId), () -> keyNotFound(keyId));
        return revokeKey(keyId);
    }

    // reads -------------------------------------------------------------------------------------

    /** The keys of the caller's workspace, revoked ones included, by public id and display prefix only. */
    @Transactional(readOnly = true)
    public List<ApiKey> keysOf(Caller caller) {
        return store.keysOf(caller.workspaceId());
    }

    /** The members of the caller's workspace with their roles, oldest user first. */
    @Transactional(readOnly = true)
    public List<Member> membersOf(Caller caller) {
        return store.members(caller.workspaceId());
    }

    @Transactional(readOnly = true)
    public List<Workspace> workspaces() {
        return store.workspaces();
    }

    @Transactional(readOnly = true)
    public List<User> users() {
        return store.users();
    }

    /** Every key, revoked ones included, by public id and display prefix only. */
    @Transactional(readOnly = true)
    public List<ApiKey> keys() {
        return store.keys();
    }

    /** By internal key: for other features that hold workspace ids and need names, slugs or tiers. */
    public Optional<Workspace> findWorkspace(long pk) {
        return store.findWorkspace(pk);
    }

    /** By internal key: for other features that hold user ids and need names. */
    public Optional<User> findUser(long pk) {
        return store.findUser(pk);
    }

    public Optional<Workspace> findWorkspace(String slug) {
        return store.findWorkspace(slug);
    }

    /** The workspace with this slug, or 404 ERR-04-101. */
    public Workspace workspace(String slug) {
        return store.findWorkspace(slug).orElseThrow(() -> new ApiException(ErrorCode.WORKSPACE_NOT_FOUND,
                "Workspace " + slug + " not found", List.of(ErrorDetail.field("slug", slug))));
    }

    /** The user with this username, or 404 ERR-04-102. */
    public User user(String username) {
        return store.findUser(username).orElseThrow(() -> new ApiException(ErrorCode.USER_NOT_FOUND,
                "User " + username + " not found", List.of(ErrorDetail.field("username", username))));
    }

    @Transactional(readOnly = true)
    public CurrentAccount currentAccount(Caller caller) {
        User user = store.findUser(caller.userId())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_AUTHENTICATED, "Invalid API key"));
        Membership membership = store.membership(caller.userId(), caller.workspaceId())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_AUTHENTICATED, "Invalid API key"));
        return new CurrentAccount(user, membership);
    }

    /** The caller's workspaces in a stable order, {@code limit} at a time after {@code afterPk} (0: from the start). */
    @Transactional(readOnly = true)
    public WorkspacePage workspacesOf(Caller caller, long afterPk, int limit) {
        List<Membership> rows = store.memberships(caller.userId(), afterPk, limit + 1);
        boolean hasMore = rows.size() > limit;
        List<Membership> page = hasMore ? rows.subList(0, limit) : rows;
        String next = hasMore ? new WorkspaceCursor(page.get(page.size() - 1).workspace().pk()).encode() : null;
        return new WorkspacePage(List.copyOf(page), hasMore, next, store.countMemberships(caller.userId()));
    }

    /** One of the caller's workspaces; 404 when it does not exist or the caller is not a member. */
    @Transactional(readOnly = true)
    public Membership workspaceOf(Caller caller, String slug) {
        return store.membership(caller.userId(), slug).orElseThrow(() -> new ApiException(ErrorCode.WORKSPACE_NOT_FOUND,
                "Workspace " + slug + " not found", List.of(ErrorDetail.field("slug", slug))));
    }

    // bootstrap ---------------------------------------------------------------------------------

    /**
     * On an empty database: user {@code admin}, workspace {@code default}, membership and one key
     * ({@code knownKey}, else a generated one). Otherwise makes sure {@code knownKey} (when given) exists.
     */
    @Transactional
    BootstrapResult bootstrap(String knownKey) {
        Instant now = clock.instant();
        if (store.countUsers() == 0) {
            Workspace workspace = store.insertWorkspace("Default", DEFAULT_WORKSPACE, TIER, now);
            User admin = store.insertUser(ADMIN_USERNAME, ADMIN_USERNAME + "@localhost", UserRole.ADMIN, now);
            store.insertMember(workspace.pk(), admin.pk(), MemberRole.OWNER);
            String key = knownKey == null ? ApiKeys.generate() : knownKey;
            store.insertKey(admin.pk(), workspace.pk(), BOOTSTRAP_KEY_NAME, key, now);
            return new BootstrapResult(true, knownKey != null, false, knownKey == null ? key : null);
        }
        if (knownKey == null) {
            return BootstrapResult.nothing();
        }
        Optional<ApiKey> existing = store.findKeyByHash(ApiKeys.hash(knownKey));
        if (existing.isPresent()) {
            return new BootstrapResult(false, false, existing.get().revoked(), null);
        }
        User admin = store.findUser(ADMIN_USERNAME)
                .orElseGet(() -> store.insertUser(ADMIN_USERNAME, ADMIN_USERNAME + "@localhost", UserRole.ADMIN, now));
        Workspace workspace = store.findWorkspace(DEFAULT_WORKSPACE)
                .orElseGet(() -> store.insertWorkspace("Default", DEFAULT_WORKSPACE, TIER, now));
        if (store.membership(admin.pk(), workspace.pk()).isEmpty()) {
            store.insertMember(workspace.pk(), admin.pk(), MemberRole.OWNER);
        }
        store.insertKey(admin.pk(), workspace.pk(), BOOTSTRAP_KEY_NAME, knownKey, now);
        return new BootstrapResult(false, true, false, null);
    }

    // rules -------------------------------------------------------------------------------------

    /** A workspace's name (1-128 characters) and slug ({@link #SLUG}), both required. */
    static void checkWorkspace(Fields body, String name, String slug) {
        body.text("name", body.required("name", name), 1, 128);
        body.matching("slug", body.required("slug", slug), SLUG);
    }

    /** A user's username ({@link #USERNAME}) and email, both required. */
    static void checkUser(Fields body, String username, String email) {
        body.matching("username", body.required("username", username), USERNAME);
        String address = body.required("email", email);
        body.check("email", address, address != null && address.length() <= 255 && EMAIL.matcher(address).matches(),
                "value is not a valid email address");
    }

    /** An API key's optional name: 1-128 characters. */
    static void checkKeyName(Fields body, String name) {
        body.text("name", name, 1, 128);
    }

    private static <T> T unique(String what, String field, String value, Supplier<T> insert) {
        try {
            return insert.get();
        } catch (DuplicateKeyException e) {
            throw alreadyExists(what, field, value);
        }
    }

    private static ApiException alreadyExists(String what, String field, String value) {
        return new ApiException(ErrorCode.ALREADY_EXISTS, "A " + what + " with " + field + " " + value + " already exists",
                List.of(ErrorDetail.field(field, value)));
    }

    private static ApiException keyNotFound(String keyId) {
        return new ApiException(ErrorCode.API_KEY_NOT_FOUND, "API key " + keyId + " not found",
                List.of(ErrorDetail.field("id", keyId)));
    }
}

package io.opencvm.onchain;

import io.opencvm.account.ApiKeys;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.app.ComposeHash;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-time commit tokens for prepared changes (replicas, new instances, updates): random, stored only as a hash,
 * valid 14 days, bound to the workspace, purpose, CVM, node, compose hash and env of the change they remember.
 */
@Component
public class CommitTokens {

    static final Duration LIFETIME = Duration.ofDays(14);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CommitTokenStore store;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    CommitTokens(CommitTokenStore store, Clock clock, PlatformTransactionManager transactions) {
        this.store = store;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Stores the change under a new token in its own transaction (it outlives the refusal that answers 465), with
     * what the flow records alongside (its {@code pending_approval} event, given the token's expiry); returns the token.
     */
    public String issue(PreparedChange change, Consumer<Instant> alongside) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = "ct_" + HexFormat.of().formatHex(bytes);
        Instant now = clock.instant();
        ownTransaction.executeWithoutResult(tx -> {
            store.insert(ApiKeys.hash(token), change, now, now.plus(LIFETIME));
            alongside.accept(now.plus(LIFETIME));
        });
        return token;
    }

    /** The change a token of this workspace and purpose was issued for, used or not, or 466. */
    public StoredChange issued(long workspaceId, PreparedChange.Purpose purpose, String token) {
        return store.find(ApiKeys.hash(token == null ? "" : token.trim()))
                .filter(s -> s.change().workspaceId() == workspaceId && s.change().purpose() == purpose)
                .orElseThrow(() -> invalid("Commit token is unknown"));
    }

    /**
     * The change a token was issued for, in whichever workspace, or 466: where the token itself is the credential
     * (commit-update), it names the workspace.
     */
    public StoredChange presented(PreparedChange.Purpose purpose, String token) {
        return store.find(ApiKeys.hash(token == null ? "" : token.trim())).filter(s -> s.change().purpose() == purpose)
                .orElseThrow(() -> invalid("Commit token is unknown"));
    }

    /** The stored change of a token that may still be redeemed for this purpose and CVM, or 466. */
    public StoredChange redeemable(long workspaceId, PreparedChange.Purpose purpose, String token, long cvmId,
                                   String composeHash) {
        StoredChange stored = issued(workspaceId, purpose, token);
        if (stored.usedAt() != null) {
            throw invalid("Commit token was already used");
        }
        if (!stored.expiresAt().isAfter(clock.instant())) {
            throw invalid("Commit token has expired");
        }
        if (stored.change().cvmId() != cvmId) {
            throw invalid(purpose == PreparedChange.Purpose.REPLICA ? "Commit token was issued for another source CVM"
                    : "Commit token was issued for another CVM");
        }
        if (composeHash != null && !ComposeHash.parse(composeHash).map(ComposeHash::hex)
                .filter(stored.change().composeHash()::equals).isPresent()) {
            throw invalid("Commit token was issued for another compose hash");
        }
        return stored;
    }

    /** Inside the commit's transaction, before the change is written: a second commit finds it used (466). */
    public void redeem(long tokenId) {
        if (!store.redeem(tokenId, clock.instant())) {
            throw invalid("Commit token was already used");
        }
    }

    /** Remembers the CVM a token's commit created. */
    public void attachCvm(long tokenId, long cvmId) {
        store.attachCvm(tokenId, cvmId);
    }

    /** The changes of this purpose still waiting to be committed for these CVMs, oldest first. */
    public List<StoredChange> waiting(PreparedChange.Purpose purpose, List<Long> cvmIds) {
        return store.waiting(purpose, cvmIds, clock.instant());
    }

    /** Deletes tokens past their lifetime, used or not; returns how many. */
    public int deleteExpired(Instant now) {
        return store.deleteExpired(now);
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.HASH_INVALID_OR_EXPIRED, message);
    }
}

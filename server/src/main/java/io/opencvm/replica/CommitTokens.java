package io.opencvm.replica;

import io.opencvm.account.ApiKeys;
import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.app.ComposeHash;
import io.opencvm.kms.OnchainStatus;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-time commit tokens for prepared replicas: random, stored only as a hash, valid 14 days, bound
 * to the source CVM, target node, compose hash and env of the plan they remember.
 */
@Component
class CommitTokens {

    static final Duration LIFETIME = Duration.ofDays(14);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CommitTokenStore store;
    private final ReplicaEvents events;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    CommitTokens(CommitTokenStore store, ReplicaEvents events, Clock clock, PlatformTransactionManager transactions) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Stores the plan under a new token and records {@code cvm.replica.pending_approval} (in its own
     * transaction), and returns it prepared for a later commit.
     */
    ReplicaOutcome.Prepared prepare(Caller caller, ReplicaPlan plan, OnchainStatus status, boolean prepareOnly,
                                    String apiBase) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = "ct_" + HexFormat.of().formatHex(bytes);
        Instant now = clock.instant();
        ownTransaction.executeWithoutResult(tx -> {
            store.insert(ApiKeys.hash(token), caller.workspaceId(), plan.source().id(), plan.target().id(),
                    plan.composeHash(), plan.encryptedEnv(), now, now.plus(LIFETIME));
            events.pendingApproval(plan, status, prepareOnly, now.plus(LIFETIME));
        });
        return new ReplicaOutcome.Prepared(plan, status, token,
                apiBase + "/cvms/" + plan.source().vmUuid() + "/commit-replica", prepareOnly);
    }

    /** The stored plan of a token that may still be redeemed for this source CVM, or 466. */
    CommitTokenStore.StoredPlan redeemable(Caller caller, String token, long sourceCvmId, String composeHash) {
        CommitTokenStore.StoredPlan plan = store.find(ApiKeys.hash(token == null ? "" : token.trim()))
                .filter(p -> p.workspaceId() == caller.workspaceId())
                .orElseThrow(() -> invalid("Commit token is unknown"));
        if (plan.usedAt() != null) {
            throw invalid("Commit token was already used");
        }
        if (!plan.expiresAt().isAfter(clock.instant())) {
            throw invalid("Commit token has expired");
        }
        if (plan.sourceCvmId() != sourceCvmId) {
            throw invalid("Commit token was issued for another source CVM");
        }
        if (composeHash != null
                && !ComposeHash.parse(composeHash).map(ComposeHash::hex).filter(plan.composeHash()::equals).isPresent()) {
            throw invalid("Commit token was issued for another compose hash");
        }
        return plan;
    }

    /** Inside the commit's transaction, before the replica is created. */
    void redeem(long tokenId) {
        if (!store.redeem(tokenId, clock.instant())) {
            throw invalid("Commit token was already used");
        }
    }

    void attach(long tokenId, long replicaCvmId) {
        store.attachReplica(tokenId, replicaCvmId);
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.HASH_INVALID_OR_EXPIRED, message);
    }
}

package io.opencvm.replica;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.Fields;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code Idempotency-Key} for replicate: the same key and request within 24 h returns the first
 * response and creates nothing; the same key with another request is 422; a retry while the first is
 * still running is 409. The key is claimed in its own short transaction; the success response is
 * recorded inside the transaction that creates the replica, so a crash can never leave a replica
 * without its recorded response (and a retry can never create a second one).
 */
@Component
class IdempotencyKeys {

    static final Duration RETENTION = Duration.ofHours(24);
    /** How long a claim blocks retries before it counts as abandoned (its transaction never committed). */
    static final Duration CLAIM_LEASE = Duration.ofSeconds(60);
    private static final Pattern KEY = Pattern.compile("[!-~]{1,255}");

    /** A request that may proceed, or the recorded response to replay. */
    record Claim(long workspaceId, String key, String fingerprint, Integer replayStatus, String replayBody) {

        boolean isReplay() {
            return replayStatus != null;
        }
    }

    private final IdempotencyStore store;
    private final Clock clock;
    private final TransactionTemplate newTransaction;

    IdempotencyKeys(IdempotencyStore store, Clock clock, PlatformTransactionManager transactions) {
        this.store = store;
        this.clock = clock;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The {@code Idempotency-Key} header: 1 to 255 visible ASCII characters (surrounding blanks dropped), or 422. */
    static String validKey(String header) {
        String key = header == null ? null : header.trim();
        Fields headers = Fields.of("header");
        headers.matching("Idempotency-Key", key, KEY);
        headers.throwIfAny();
        return key;
    }

    static String fingerprint(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update((part == null ? "\u0000" : part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1f);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Claim claim(long workspaceId, String key, String fingerprint) {
        try {
            return newTransaction.execute(tx -> claimLocked(workspaceId, key, fingerprint));
        } catch (DuplicateKeyException raced) {
            // Another request inserted the same key first; decide against its row.
            return newTransaction.execute(tx -> claimLocked(workspaceId, key, fingerprint));
        }
    }

    private Claim claimLocked(long workspaceId, String key, String fingerprint) {
        Instant now = clock.instant();
        Optional<IdempotencyStore.Entry> existing = store.lock(workspaceId, key);
        if (existing.isEmpty()) {
            store.insert(workspaceId, key, fingerprint, now, now.plus(CLAIM_LEASE), now.plus(RETENTION));
            return new Claim(workspaceId, key, fingerprint, null, null);
        }
        IdempotencyStore.Entry entry = existing.get();
        boolean expired = !entry.expiresAt().isAfter(now);
        boolean abandoned = "in_progress".equals(entry.state()) && !entry.lockedUntil().isAfter(now);
        if (expired || (abandoned && entry.fingerprint().equals(fingerprint))) {
            store.restart(workspaceId, key, fingerprint, now, now.plus(CLAIM_LEASE), now.plus(RETENTION));
            return new Claim(workspaceId, key, fingerprint, null, null);
        }
        if (!entry.fingerprint().equals(fingerprint)) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_MISMATCH,
                    "Idempotency-Key was already used for a different request");
        }
        if ("in_progress".equals(entry.state())) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                    "A request with this Idempotency-Key is still being processed; retry later");
        }
        return new Claim(workspaceId, key, fingerprint, entry.status(), entry.body());
    }

    /** Inside the caller's transaction: the response that a retry will replay. */
    void recordWithin(Claim claim, int status, String body) {
        if (!store.complete(claim.workspaceId(), claim.key(), claim.fingerprint(), status, body)) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                    "This Idempotency-Key was taken over by another request");
        }
    }

    /** After a refused request: keep the refusal so a retry gets the same answer. */
    void recordRefusal(Claim claim, int status, String body) {
        newTransaction.executeWithoutResult(tx -> store.complete(claim.workspaceId(), claim.key(), claim.fingerprint(), status, body));
    }

    /** After an unexpected failure: release the key so the client may retry. */
    void release(Claim claim) {
        newTransaction.executeWithoutResult(tx -> store.forget(claim.workspaceId(), claim.key(), claim.fingerprint()));
    }
}

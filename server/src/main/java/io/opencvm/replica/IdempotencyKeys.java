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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for replicate and for every update of a CVM ({@code update.IdempotentUpdates}): the same key and request within 24 h returns the first
 * response and creates nothing; the same key with another request is 422; a retry while the first is
 * still running is 409. The key is claimed in its own short transaction; the success response is
 * recorded inside the transaction that creates the replica, so a crash can never leave a replica
 * without its recorded response (and a retry can never create a second one). The key rests only as its hash
 * and the reply sealed under the key ({@link SealedReplies}), so a 465's commit token is not readable at rest.
 *
 * <p>A claim is short ({@link #CLAIM_LEASE}) and renewed while its request runs (every
 * {@code opencvm.idempotency.claim-renewal}, default 3 s), so a key whose request died with its server is free
 * again within seconds rather than blocking retries with 409 for a minute. Each claim has its own token: a
 * holder that was only frozen past its claim, and whose key was taken over, cannot record its reply, so its
 * replica's transaction rolls back.
 */
@Component
public class IdempotencyKeys {

    static final Duration RETENTION = Duration.ofHours(24);
    /** How long an unrenewed claim blocks retries before it counts as abandoned (its request died). */
    static final Duration CLAIM_LEASE = Duration.ofSeconds(10);
    private static final Pattern KEY = Pattern.compile("[!-~]{1,255}");

    /**
     * A request that may proceed, or the recorded response to replay (already opened). {@code storedKey} is the stored
     * form of the key, {@code secret} the key as sent (it seals the reply), which {@link #toString} never shows.
     */
    record Claim(long workspaceId, String storedKey, String secret, String fingerprint, String token,
                 Integer replayStatus, String replayBody) {

        boolean isReplay() {
            return replayStatus != null;
        }

        String sealed(String body) {
            return SealedReplies.seal(secret, workspaceId, fingerprint, body);
        }

        @Override
        public String toString() {
            return "Claim[workspace " + workspaceId + ", " + storedKey + (isReplay() ? ", replay " + replayStatus : "") + "]";
        }
    }

    private final IdempotencyStore store;
    private final Clock clock;
    private final TransactionTemplate newTransaction;
    private final JsonMapper json;
    private final Set<Claim> held = ConcurrentHashMap.newKeySet();

    IdempotencyKeys(IdempotencyStore store, Clock clock, PlatformTransactionManager transactions, JsonMapper json) {
        this.store = store;
        this.clock = clock;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
    }

    /**
     * Runs {@code work} once per key: without a key it just runs; a repeat of a recorded request gets the
     * recorded reply and runs nothing. {@code work} is handed what records its reply inside the transaction that
     * creates the replica (a 200 is recorded there, and only there); any other reply, and a refusal, is recorded
     * when the work is over; an unexpected failure releases the key so that the client may try again.
     */
    public ReplicaReply once(long workspaceId, String key, String fingerprint,
                      Function<Consumer<ReplicaReply>, ReplicaReply> work) {
        if (key == null) {
            return work.apply(reply -> { });
        }
        Claim claim = claim(workspaceId, key, fingerprint);
        if (claim.isReplay()) {
            return new ReplicaReply(claim.replayStatus(), claim.replayBody());
        }
        held.add(claim);
        try {
            ReplicaReply reply = work.apply(created -> recordWithin(claim, created));
            if (reply.status() != 200) {
                recordAfter(claim, reply);
            }
            return reply;
        } catch (ApiException e) {
            if (e.errorCode().status().is4xxClientError()) {
                recordAfter(claim, ReplicaReply.refusal(e, json));
            } else {
                release(claim);
            }
            throw e;
        } catch (RuntimeException e) {
            release(claim);
            throw e;
        } finally {
            held.remove(claim);
        }
    }

    /** Keeps the claims of requests still running from counting as abandoned. */
    @Scheduled(fixedDelayString = "${opencvm.idempotency.claim-renewal:PT3S}")
    void renewHeld() {
        for (Claim claim : held) {
            try {
                store.renew(claim.workspaceId(), claim.storedKey(), claim.token(), clock.instant().plus(CLAIM_LEASE));
            } catch (RuntimeException e) {
                // The database may be briefly unreachable; the next round tries again while the claim still runs.
            }
        }
    }

    /** The {@code Idempotency-Key} header: 1 to 255 visible ASCII characters (surrounding blanks dropped), or 422. */
    public static String validKey(String header) {
        String key = header == null ? null : header.trim();
        Fields headers = Fields.of("header");
        headers.matching("Idempotency-Key", key, KEY);
        headers.throwIfAny();
        return key;
    }

    public static String fingerprint(String... parts) {
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

    private Claim claim(long workspaceId, String key, String fingerprint) {
        try {
            return newTransaction.execute(tx -> claimLocked(workspaceId, key, fingerprint));
        } catch (DuplicateKeyException raced) {
            // Another request inserted the same key first; decide against its row.
            return newTransaction.execute(tx -> claimLocked(workspaceId, key, fingerprint));
        }
    }

    private Claim claimLocked(long workspaceId, String secret, String fingerprint) {
        Instant now = clock.instant();
        String key = SealedReplies.storedKey(secret);
        Optional<IdempotencyStore.Entry> existing = store.lock(workspaceId, key);
        if (existing.isEmpty()) {
            // a key recorded before keys were stored hashed, within its 24 h
            existing = store.lock(workspaceId, secret);
            key = existing.isPresent() ? secret : key;
        }
        String token = UUID.randomUUID().toString();
        if (existing.isEmpty()) {
            store.insert(workspaceId, key, fingerprint, token, now, now.plus(CLAIM_LEASE), now.plus(RETENTION));
            return new Claim(workspaceId, key, secret, fingerprint, token, null, null);
        }
        IdempotencyStore.Entry entry = existing.get();
        boolean expired = !entry.expiresAt().isAfter(now);
        boolean abandoned = "in_progress".equals(entry.state()) && !entry.lockedUntil().isAfter(now);
        if (expired || (abandoned && entry.fingerprint().equals(fingerprint))) {
            store.restart(workspaceId, key, fingerprint, token, now, now.plus(CLAIM_LEASE), now.plus(RETENTION));
            return new Claim(workspaceId, key, secret, fingerprint, token, null, null);
        }
        if (!entry.fingerprint().equals(fingerprint)) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_MISMATCH,
                    "Idempotency-Key was already used for a different request");
        }
        if ("in_progress".equals(entry.state())) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                    "A request with this Idempotency-Key is still being processed; retry later");
        }
        return new Claim(workspaceId, key, secret, fingerprint, null, entry.status(),
                SealedReplies.open(secret, workspaceId, fingerprint, entry.body()));
    }

    /** Inside the caller's transaction: the reply that a retry will replay. */
    void recordWithin(Claim claim, ReplicaReply reply) {
        if (!store.complete(claim.workspaceId(), claim.storedKey(), claim.token(), reply.status(),
                claim.sealed(reply.body()))) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                    "This Idempotency-Key was taken over by another request");
        }
    }

    /** After a request that created nothing (prepared or refused): keep its reply so a retry gets the same answer. */
    private void recordAfter(Claim claim, ReplicaReply reply) {
        newTransaction.executeWithoutResult(tx -> store.complete(claim.workspaceId(), claim.storedKey(), claim.token(),
                reply.status(), claim.sealed(reply.body())));
    }

    /** After an unexpected failure: release the key so the client may retry. */
    private void release(Claim claim) {
        newTransaction.executeWithoutResult(tx -> store.forget(claim.workspaceId(), claim.storedKey(), claim.token()));
    }
}

package io.opencvm.update;

import io.opencvm.account.Caller;
import io.opencvm.replica.IdempotencyKeys;
import io.opencvm.replica.ReplicaReply;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on the update routes, through replicate's {@link IdempotencyKeys}: the same key and request
 * within 24 h replays the first reply and changes nothing; the same key with another request is 422; a retry while
 * the first runs is 409. The accepted reply is recorded in the update's own transaction (the work joins it), so an
 * update is never applied without its reply kept, nor twice; a refusal (4xx, a 465 included) is replayed as given.
 */
@Component
class IdempotentUpdates {

    private final IdempotencyKeys keys;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    IdempotentUpdates(IdempotencyKeys keys, PlatformTransactionManager transactions, JsonMapper json) {
        this.keys = keys;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
    }

    /**
     * Runs {@code work} once per key (every run without one); {@code request} names what is asked (route, CVM, body,
     * headers that change its meaning), so another request under the same key is told apart.
     */
    ResponseEntity<String> once(Caller caller, String keyHeader, int status, Supplier<Object> work, String... request) {
        String key = IdempotencyKeys.validKey(keyHeader);
        ReplicaReply reply = keys.once(caller.workspaceId(), key, IdempotencyKeys.fingerprint(request),
                record -> transaction.execute(tx -> {
                    ReplicaReply accepted = new ReplicaReply(status, json.writeValueAsString(work.get()));
                    record.accept(accepted);
                    return accepted;
                }));
        return ResponseEntity.status(reply.status()).contentType(MediaType.APPLICATION_JSON).body(reply.body());
    }
}

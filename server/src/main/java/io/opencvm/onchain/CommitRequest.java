package io.opencvm.onchain;

import io.opencvm.api.JsonBody;

/**
 * The body of a commit (commit-replica, commit-update, a new instance's second call): the token (or
 * {@code ?token=}), the compose hash, and the transaction that registered it.
 */
public record CommitRequest(String token, String composeHash, String transactionHash) {

    /** What the CLI sends when the owner registered by other means. */
    static final String ALREADY_REGISTERED = "already-registered";

    /** Reads the body (absent or {@code null} reads as {@code {}}); a token in neither body nor query is a 422. */
    public static CommitRequest parse(String text, String queryToken) {
        JsonBody body = JsonBody.parse(text);
        String token = body.string("token");
        String hash = body.string("compose_hash");
        String tx = body.string("transaction_hash");
        if (token == null || token.isBlank()) {
            token = queryToken;
        }
        if (!body.hasProblems()) {
            body.required("token", token == null || token.isBlank() ? null : token);
        }
        body.throwIfAny();
        return new CommitRequest(token.trim(), hash == null || hash.isBlank() ? null : hash, tx);
    }

    @Override
    public String toString() {
        return "CommitRequest[hash " + composeHash + "]"; // never the token
    }
}

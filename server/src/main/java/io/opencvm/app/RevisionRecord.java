package io.opencvm.app;

import java.time.Instant;

/**
 * One applied change of a CVM of the app: its create ({@code deploy}, {@code replicate}), an {@code update} or a
 * {@code redeploy}, with the compose hash and whole encrypted env (hex, or null) the CVM was told to run, the user who
 * asked (null: the system) and the operation that carried it out ({@code traceId}, its public id).
 */
public record RevisionRecord(long id, String publicId, long appPk, String vmUuid, String cvmName, String composeHash,
                             String encryptedEnv, String operationType, Long userId, String traceId, Instant createdAt) {

    /** What a new record says; the id, public id and time are given when it is written. */
    public record New(long appPk, String vmUuid, String cvmName, String composeHash, String encryptedEnv,
                      String operationType, Long userId, String traceId) {

        @Override
        public String toString() {
            return "RevisionRecord.New[" + vmUuid + " " + composeHash + " " + operationType + "]"; // never the env
        }
    }

    @Override
    public String toString() {
        return "RevisionRecord[" + publicId + " " + vmUuid + " " + composeHash + " " + operationType + "]";
    }
}

package io.opencvm.update;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.app.App;
import io.opencvm.app.AppRevision;
import io.opencvm.app.AppService;
import io.opencvm.app.ComposeHash;
import io.opencvm.app.RevisionRecord;
import java.util.Optional;

/**
 * What a revision id names, for a redeploy or a rollout: a compose of the app, and the env to run it with (a revision
 * record's env; null for a bare compose hash: each CVM keeps its own).
 */
record RevisionTarget(AppRevision compose, String encryptedEnv) {

    /** A revision record's public id, or a compose hash of the app (with or without 0x); 404 ERR-03-013 otherwise. */
    static RevisionTarget of(AppService apps, App app, String revisionId) {
        Optional<RevisionRecord> record = apps.revisionRecord(app.pk(), revisionId);
        if (record.isPresent()) {
            return new RevisionTarget(apps.revision(app.pk(), record.get().composeHash()).orElseThrow(),
                    record.get().encryptedEnv());
        }
        String hash = revisionId.toLowerCase().startsWith("0x") ? revisionId.substring(2) : revisionId;
        return ComposeHash.parse(hash).flatMap(h -> apps.revision(app.pk(), h.hex()))
                .map(r -> new RevisionTarget(r, null)).orElseThrow(() -> notFound(revisionId));
    }

    static ApiException notFound(String revisionId) {
        return new ApiException(ErrorCode.REVISION_NOT_FOUND, "Revision " + revisionId + " not found");
    }

    @Override
    public String toString() {
        return "RevisionTarget[" + compose.composeHash() + "]"; // never the encrypted env
    }
}

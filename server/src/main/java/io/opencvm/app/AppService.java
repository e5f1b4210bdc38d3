package io.opencvm.app;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * The app feature's public face: apps by app id and their revisions (exact compose text per hash).
 * Writes join the caller's transaction.
 */
@Service
public class AppService {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** How many compose texts {@link #composeFile} keeps; past that it starts afresh (a bound, not an eviction policy). */
    private static final int COMPOSE_FILES_KEPT = 1024;

    private final AppStore store;
    private final Clock clock;
    /**
     * Compose texts by app and hash, as read. A revision is never changed or removed once written and its hash is
     * of its text, so a copy stays true on every instance; it saves a read on each CVM view and each replicate.
     */
    private final Map<String, String> composeFiles = new ConcurrentHashMap<>();

    AppService(AppStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<App> findByAppId(AppId appId) {
        return store.findByAppId(appId.hex());
    }

    /**
     * The app by any form of its id ({@code app_}/{@code 0x} prefix, any case) in the workspace; a malformed id,
     * an unknown one and another workspace's app all answer 404 ERR-03-012 alike.
     */
    public App inWorkspace(long workspaceId, String raw) {
        return AppId.parse(raw).flatMap(this::findByAppId).filter(a -> a.workspaceId() == workspaceId)
                .orElseThrow(() -> new ApiException(ErrorCode.APP_NOT_FOUND, "App " + raw + " not found"));
    }

    public Optional<App> find(long pk) {
        return store.find(pk);
    }

    public List<App> findAll(List<Long> pks) {
        return store.findAll(pks);
    }

    /** Creates the app and returns it; a concurrent creator of the same app id makes this fail with a duplicate key. */
    public App create(NewApp app) {
        long pk = store.insert(app, "app_" + randomHex(10), clock.instant());
        return store.find(pk).orElseThrow();
    }

    public Optional<AppRevision> revision(long appPk, String composeHash) {
        return store.revision(appPk, composeHash);
    }

    /** The compose text of the app's revision with this hash (see {@link #composeFiles}). */
    public Optional<String> composeFile(long appPk, String composeHash) {
        String key = appPk + "/" + composeHash;
        String known = composeFiles.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> read = store.revision(appPk, composeHash).map(AppRevision::composeFile);
        read.ifPresent(text -> {
            if (composeFiles.size() >= COMPOSE_FILES_KEPT) {
                composeFiles.clear();
            }
            composeFiles.put(key, text);
        });
        return read;
    }

    /** Records the compose text of a hash; a revision that already exists is kept as it is. */
    public void addRevision(long appPk, String composeHash, String composeFile) {
        store.insertRevision(appPk, composeHash, composeFile, clock.instant());
    }

    /** Records an applied change of one of the app's CVMs (see {@link RevisionRecord}); returns its public id. */
    public String recordRevision(RevisionRecord.New record) {
        String publicId = "rev_" + randomHex(10);
        store.insertRecord(record, publicId, clock.instant());
        return publicId;
    }

    /** The app's revision records, newest first. */
    public List<RevisionRecord> revisionRecords(long appPk, long offset, int limit) {
        return store.records(appPk, offset, limit);
    }

    public long countRevisionRecords(long appPk) {
        return store.countRecords(appPk);
    }

    public Optional<RevisionRecord> revisionRecord(long appPk, String publicId) {
        return store.record(appPk, publicId);
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

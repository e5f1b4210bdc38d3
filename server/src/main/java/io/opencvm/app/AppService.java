package io.opencvm.app;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The app feature's public face: apps by app id, their revisions (exact compose text per hash),
 * and the app id forms clients send. Writes join the caller's transaction.
 */
@Service
public class AppService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AppStore store;
    private final Clock clock;

    AppService(AppStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<App> findByAppId(String appId) {
        return store.findByAppId(appId);
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

    /** Records the compose text of a hash; a revision that already exists is kept as it is. */
    public void addRevision(long appPk, String composeHash, String composeFile) {
        store.insertRevision(appPk, composeHash, composeFile, clock.instant());
    }

    /** A fresh random app id: 20 random bytes as 40 lower-case hex characters. */
    public static String newAppId() {
        return randomHex(20);
    }

    /**
     * The canonical form of an app id as clients send it ({@code app_}/{@code 0x} prefixes, any
     * case), or empty when it is not 40 hex characters.
     */
    public static Optional<String> normalizeAppId(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("app_")) {
            value = value.substring(4);
        } else if (lower.startsWith("0x")) {
            value = value.substring(2);
        }
        return value.matches("[0-9a-fA-F]{40}") ? Optional.of(value.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

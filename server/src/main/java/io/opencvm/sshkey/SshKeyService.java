package io.opencvm.sshkey;

import io.opencvm.account.AccountService;
import io.opencvm.account.Caller;
import io.opencvm.account.User;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's SSH keys. Keys belong to the user (not the workspace): another user's key answers exactly like a missing
 * one. {@link #authorizedKeysOf} is what a CVM the user creates is given.
 */
@Service
public class SshKeyService {

    /** GitHub's rule for user names: alphanumerics and single hyphens, not at the start, at most 39. */
    static final Pattern GITHUB_USERNAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SshKeyStore store;
    private final GithubKeys github;
    private final AccountService accounts;
    private final Clock clock;

    SshKeyService(SshKeyStore store, GithubKeys github, AccountService accounts, Clock clock) {
        this.store = store;
        this.github = github;
        this.accounts = accounts;
        this.clock = clock;
    }

    List<SshKeyView> list(Caller caller) {
        String owner = userPublicId(caller);
        return store.ofUser(caller.userId()).stream().map(k -> SshKeyView.of(k, owner)).toList();
    }

    /** Adds a key by hand: 400 with the reason for a key that is malformed or too weak, 409 for one already there. */
    SshKeyView add(Caller caller, String name, String publicKey) {
        SshPublicKey.Parsed parsed = SshPublicKey.parse(publicKey);
        if (parsed instanceof SshPublicKey.Refused refused) {
            throw new ApiException(ErrorCode.SSH_KEY_INVALID, refused.reason());
        }
        SshPublicKey key = ((SshPublicKey.Valid) parsed).key();
        String id = newKeyId();
        if (!insertNew(caller, id, name, key, SshKey.MANUAL)) {
            throw new ApiException(ErrorCode.ALREADY_EXISTS, "An SSH key with fingerprint " + key.fingerprint()
                    + " is already added");
        }
        return SshKeyView.of(store.find(caller.userId(), id).orElseThrow(), userPublicId(caller));
    }

    @Transactional
    void delete(Caller caller, String keyId) {
        store.delete(key(caller, keyId).pk());
    }

    /**
     * Adds the keys of a GitHub profile that the user does not have yet (by fingerprint); bad ones are listed. GitHub
     * is asked before anything is written, and no transaction is held open while it answers.
     */
    GithubImport importGithub(Caller caller, String username) {
        List<String> lines = github.of(username);
        int added = 0;
        int skipped = 0;
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            SshPublicKey.Parsed parsed = SshPublicKey.parse(lines.get(i));
            if (parsed instanceof SshPublicKey.Refused refused) {
                errors.add("Key " + (i + 1) + ": " + refused.reason());
            } else if (insertNew(caller, newKeyId(), "github:" + username + " #" + (i + 1),
                    ((SshPublicKey.Valid) parsed).key(), SshKey.GITHUB)) {
                added++;
            } else {
                skipped++;
            }
        }
        return new GithubImport(username, added, skipped, errors);
    }

    /** Sync follows a GitHub account linked to the user; opencvm links none, so there is nothing to follow. */
    void syncGithub(Caller caller) {
        throw new ApiException(ErrorCode.GITHUB_NOT_LINKED, "No GitHub account is linked to user "
                + caller.username() + "; import a profile's keys with POST /user/ssh-keys/github-profile instead");
    }

    /**
     * What a CVM the user creates is given as the VM's {@code user_config} (the VMM writes it to the guest's
     * {@code .user-config}, outside the measured app compose, so keys do not change an app's compose hash):
     * {@code {"ssh_authorized_keys": [<the user's keys, oldest first>]}}, or empty when the user has none.
     */
    public String userConfigFor(long userId) {
        List<String> keys = store.ofUser(userId).stream().map(SshKey::publicKey).toList();
        return keys.isEmpty() ? "" : JSON.writeValueAsString(Map.of("ssh_authorized_keys", keys));
    }

    /** False when the user has a key of this fingerprint already (also when a concurrent request just added it). */
    private boolean insertNew(Caller caller, String id, String name, SshPublicKey key, String source) {
        if (store.hasFingerprint(caller.userId(), key.fingerprint())) {
            return false;
        }
        try {
            store.insert(id, caller.userId(), name, key, source, clock.instant());
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private SshKey key(Caller caller, String keyId) {
        return store.find(caller.userId(), keyId)
                .orElseThrow(() -> new ApiException(ErrorCode.SSH_KEY_NOT_FOUND, "SSH key " + keyId + " not found"));
    }

    private String userPublicId(Caller caller) {
        return accounts.findUser(caller.userId()).map(User::publicId).orElseThrow();
    }

    private static String newKeyId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return "sshkey_" + HexFormat.of().formatHex(bytes);
    }
}

package io.opencvm.sshkey;

import java.util.List;

/** {@code GithubProfileImportResponse}: what an import added, what it skipped as known, and per-key errors. */
record GithubImport(String github_username, int keys_added, int keys_skipped, List<String> errors) {
}

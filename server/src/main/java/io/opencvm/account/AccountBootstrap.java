package io.opencvm.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * First start: creates the operator account ({@code admin} in workspace {@code default}) and its
 * key. A generated key is printed once to stdout (never to the logger) and written to
 * {@code <data-dir>/api-key}; a configured key ({@code OPENCVM_API_KEY}) is made to exist on every start.
 * Runs unless {@code opencvm.bootstrap.enabled=false}: a production server with an empty database needs
 * its first operator key as much as the embedded default does.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AccountBootstrap implements ApplicationRunner {

    static final String KEY_FILE = "api-key";
    private static final Logger log = LoggerFactory.getLogger(AccountBootstrap.class);

    private final AccountService accounts;
    private final Environment environment;
    private final String knownKey;
    private final Path dataDir;

    AccountBootstrap(AccountService accounts, Environment environment,
                     @Value("${opencvm.api-key:${OPENCVM_API_KEY:}}") String knownKey,
                     @Value("${opencvm.data-dir:./data}") Path dataDir) {
        this.accounts = accounts;
        this.environment = environment;
        this.knownKey = knownKey == null || knownKey.isBlank() ? null : knownKey.strip();
        this.dataDir = dataDir;
    }

    boolean enabled() {
        return environment.getProperty("opencvm.bootstrap.enabled", Boolean.class, true);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled()) {
            return;
        }
        BootstrapResult result;
        try {
            result = accounts.bootstrap(knownKey);
        } catch (DuplicateKeyException e) {
            // another instance bootstrapped the same database at the same moment; its rows stand
            result = accounts.bootstrap(knownKey);
        }
        report(result);
    }

    private void report(BootstrapResult result) {
        if (result.createdAccount()) {
            log.info("bootstrap: created user '{}' (admin) in workspace '{}'", AccountService.ADMIN_USERNAME,
                    AccountService.DEFAULT_WORKSPACE);
        }
        if (result.addedKnownKey()) {
            log.info("bootstrap: the configured OPENCVM_API_KEY now authenticates user '{}' in workspace '{}'",
                    AccountService.ADMIN_USERNAME, AccountService.DEFAULT_WORKSPACE);
        }
        if (result.knownKeyRevoked()) {
            log.warn("bootstrap: the configured OPENCVM_API_KEY was revoked and stays revoked; configure another key");
        }
        if (result.generatedKey() != null) {
            Path file = writeKeyFile(result.generatedKey());
            log.info("bootstrap: generated an operator API key; it was printed once and saved to {}", file);
            System.out.println(banner(result.generatedKey(), file));
            System.out.flush();
        }
    }

    private Path writeKeyFile(String key) {
        Path file = dataDir.resolve(KEY_FILE).toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            }
            Files.writeString(file, key + "\n", StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated API key to " + file, e);
        }
    }

    private String banner(String key, Path file) {
        String line = "=".repeat(78);
        String url = "http://" + host() + ":" + environment.getProperty("local.server.port",
                environment.getProperty("server.port", "8000")) + "/api/v1";
        return String.join(System.lineSeparator(),
                "", line,
                " opencvm: first start. Created operator user 'admin' in workspace 'default'.",
                " Its API key is shown only this once (also saved to " + file + ", mode 600):",
                "",
                "     " + key,
                "",
                " Log the phala CLI in with it:",
                "     phala login " + key + " --url " + url,
                " or manage accounts with bin/opencvm-admin (it reads the key file).",
                line, "");
    }

    private String host() {
        String address = environment.getProperty("server.address", "127.0.0.1");
        return address.isBlank() || "0.0.0.0".equals(address) || "::".equals(address) ? "127.0.0.1" : address;
    }
}

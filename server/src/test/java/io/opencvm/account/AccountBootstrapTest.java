package io.opencvm.account;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.opencvm.OpencvmApplication;
import io.opencvm.testsupport.TestDatabase;
import io.opencvm.testsupport.TestHttp;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Starts the whole application (several times on one database) with bootstrap switched on. */
@ExtendWith(OutputCaptureExtension.class)
class AccountBootstrapTest {

    private static final Pattern GENERATED_KEY = Pattern.compile("ocvm_[0-9a-f]{48}");

    @TempDir
    Path dataDir;

    /** Every event that went through the logger in any context this test started. */
    private final List<ILoggingEvent> logged = new ArrayList<>();

    @Test
    void firstStartCreatesTheOperatorPrintsItsKeyOnceAndWritesTheKeyFileLaterStartsCreateNothing(CapturedOutput output)
            throws IOException {
        String db = TestDatabase.freshUrl();
        String key;
        try (ConfigurableApplicationContext first = start(db, true)) {
            Path file = dataDir.resolve("api-key");
            key = Files.readString(file).strip();
            assertThat(key).matches(GENERATED_KEY);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            }
            TestHttp api = api(first);
            TestHttp.Reply me = api.get("/api/v1/auth/me", key);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().at("/user/username").stringValue()).isEqualTo("admin");
            assertThat(me.json().at("/user/role").stringValue()).isEqualTo("admin");
            assertThat(me.json().at("/workspace/slug").stringValue()).isEqualTo("default");
            assertThat(me.json().at("/workspace/name").stringValue()).isEqualTo("Default");
            assertThat(api.get("/admin/users", key).status()).isEqualTo(200);
            assertThat(output.getOut()).contains("phala login " + key + " --url http://127.0.0.1:" + port(first) + "/api/v1");
            assertThat(rows(first)).containsExactly(1L, 1L, 1L, 1L);
        }
        long keyFileWritten = Files.getLastModifiedTime(dataDir.resolve("api-key")).toMillis();

        try (ConfigurableApplicationContext second = start(db, true)) {
            assertThat(rows(second)).as("a second start creates nothing").containsExactly(1L, 1L, 1L, 1L);
            assertThat(api(second).get("/api/v1/auth/me", key).status()).isEqualTo(200);
        }
        assertThat(Files.readString(dataDir.resolve("api-key")).strip()).isEqualTo(key);
        assertThat(Files.getLastModifiedTime(dataDir.resolve("api-key")).toMillis()).isEqualTo(keyFileWritten);
        assertThat(occurrences(output.toString(), key)).as("printed once: the key line and the login line").isEqualTo(2);
        assertKeyOnlyInThePrintedBlock(output.toString(), key);
        assertNeverLogged(key);
    }

    @Test
    void aConfiguredKeyIsAddedToAnExistingDatabaseAndWorksAfterEveryRestart(CapturedOutput output) {
        String db = TestDatabase.freshUrl();
        String known = "known-operator-key-" + System.nanoTime();
        String generated;
        try (ConfigurableApplicationContext first = start(db, true)) {
            generated = readKeyFile();
        }
        for (int restart = 0; restart < 2; restart++) {
            try (ConfigurableApplicationContext context = start(db, true, "--opencvm.api-key=" + known)) {
                TestHttp api = api(context);
                assertThat(api.get("/api/v1/auth/me", known).json().at("/user/username").stringValue()).isEqualTo("admin");
                assertThat(api.get("/admin/workspaces", known).status()).isEqualTo(200);
                assertThat(api.get("/api/v1/auth/me", generated).status()).isEqualTo(200);
                assertThat(rows(context)).as("one user, one workspace, two keys").containsExactly(1L, 1L, 1L, 2L);
            }
        }
        assertThat(output.toString()).doesNotContain(known);
        assertNeverLogged(known);
    }

    @Test
    void aConfiguredKeyOnAFreshDatabaseIsTheOperatorsOnlyKeyAndIsNeitherPrintedNorWritten(CapturedOutput output) {
        String known = "fresh-operator-key-" + System.nanoTime();
        try (ConfigurableApplicationContext context = start(TestDatabase.freshUrl(), true, "--opencvm.api-key=" + known)) {
            assertThat(api(context).get("/api/v1/auth/me", known).json().at("/workspace/slug").stringValue())
                    .isEqualTo("default");
            assertThat(rows(context)).containsExactly(1L, 1L, 1L, 1L);
        }
        assertThat(dataDir.resolve("api-key")).doesNotExist();
        assertThat(output.toString()).doesNotContain(known).doesNotContainPattern(GENERATED_KEY);
    }

    @Test
    void withBootstrapSwitchedOffNothingIsCreated() {
        try (ConfigurableApplicationContext context = start(TestDatabase.freshUrl(), false)) {
            assertThat(rows(context)).containsExactly(0L, 0L, 0L, 0L);
        }
        assertThat(dataDir.resolve("api-key")).doesNotExist();
    }

    // ---------------------------------------------------------------------------------------------

    private ConfigurableApplicationContext start(String dbUrl, boolean bootstrap, String... extra) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + dbUrl,
                "--spring.datasource.username=" + TestDatabase.user(), "--spring.datasource.password=",
                "--opencvm.embedded.enabled=false", "--opencvm.data-dir=" + dataDir,
                "--server.port=0", "--server.address=127.0.0.1", "--management.server.port=0"));
        args.add("--opencvm.bootstrap.enabled=" + bootstrap);
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(OpencvmApplication.class)
                .listeners((ApplicationListener<ApplicationPreparedEvent>) event -> captureLogs())
                .run(args.toArray(String[]::new));
    }

    /** Logging is (re)initialised while the application starts; attach the recorder after that. */
    private void captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                synchronized (logged) {
                    logged.add(event);
                }
            }
        };
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    private void assertNeverLogged(String secret) {
        synchronized (logged) {
            assertThat(logged).as("log events recorded").isNotEmpty();
            assertThat(logged).noneSatisfy(event -> assertThat(event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())))
                    .contains(secret));
        }
    }

    /** Every captured line that holds the key lies inside the framed block printed to stdout. */
    private static void assertKeyOnlyInThePrintedBlock(String output, String key) {
        boolean inBlock = false;
        int frames = 0;
        for (String line : output.split("\\R")) {
            if (line.equals("=".repeat(78))) {
                inBlock = !inBlock;
                frames++;
            } else if (line.contains(key)) {
                assertThat(inBlock).as("line outside the printed block: %s", line).isTrue();
                assertThat(line).doesNotContainPattern("\\b(INFO|WARN|ERROR|DEBUG)\\b");
            }
        }
        assertThat(frames).isEqualTo(2);
    }

    private String readKeyFile() {
        try {
            return Files.readString(dataDir.resolve("api-key")).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    private static List<Long> rows(ConfigurableApplicationContext context) {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        return List.of("users", "workspaces", "workspace_members", "api_keys").stream()
                .map(t -> jdbc.sql("SELECT COUNT(*) FROM " + t).query(Long.class).single()).toList();
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static TestHttp api(ConfigurableApplicationContext context) {
        return TestHttp.to(port(context));
    }
}

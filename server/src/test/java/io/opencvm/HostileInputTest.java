package io.opencvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.cvm.TestCvms;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestDatabase;
import io.opencvm.testsupport.TestNodes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input, measured: one server (on the suite's database) takes {@code jqwik.tries.default} generated requests
 * (src/test/resources/junit-platform.properties; {@code -Djqwik.tries.default=10000} for a longer run) spread over
 * every operation of its own {@code /api/v1} OpenAPI document. Each request carries at least one defect the
 * operation must refuse — a mangled id in a path, a body that is malformed, of the wrong type, too deep, with
 * huge numbers or wrong-typed fields (with odd Unicode around), query values out of range or unparseable, an
 * absurd or missing API key among absurd headers — and each answer must be a 4xx in the JSON envelope (never a
 * 5xx), with every table's row count unchanged. The figures of the run go to
 * {@code target/hostile-input/<database>.json} (recorded in docs/security.md).
 */
class HostileInputTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    private static final Pattern WELL_FORMED_APP_ID = Pattern.compile("(?i)(app_|0x)?[0-9a-f]{40}");
    /** Tables whose rows a refused request may add by design; each is counted with its own rule below. */
    private static final Set<String> COUNTED_APART = Set.of("flyway_schema_history", "idempotency_keys");

    private static ConfigurableApplicationContext server;
    private static JdbcClient jdbc;
    private static int port;
    private static String key;
    private static List<Operation> operations;
    private static Map<String, String> validIds;
    private static String rowCountQuery;

    private static final Map<String, AtomicLong> perOperation = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> perDefect = new ConcurrentHashMap<>();
    private static final Map<Integer, AtomicLong> perStatus = new ConcurrentHashMap<>();

    /** One operation of the served document. */
    /**
     * An operation of the served document; {@code anchor} is a field its JSON body schema names (a required one
     * first) and {@code anchorTakesObject} whether that field is an object, so a wrong type can be chosen for it.
     */
    record Operation(String method, String path, boolean body, boolean paged, boolean isPublic, String anchor,
                     boolean anchorTakesObject, long maxPageSize) {
        String name() {
            return method + " " + path;
        }

        List<String> params() {
            List<String> names = new ArrayList<>();
            Matcher m = PARAM.matcher(path);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }

    enum Defect { MANGLED_ID, BAD_BODY, BAD_QUERY, BAD_KEY }

    /** A request as sent: the operation, its defect, the path, headers and body text (null: none). */
    record Hostile(Operation op, Defect defect, String target, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            return defect + " " + op.method() + " " + target + " headers=" + headers.keySet()
                    + (body == null ? "" : " body=" + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
        }
    }

    @BeforeContainer
    static void startOneServer() throws Exception {
        server = new SpringApplicationBuilder(OpencvmApplication.class).run(
                "--spring.datasource.url=" + TestDatabase.freshUrl(), "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=", "--opencvm.embedded.enabled=false", "--opencvm.bootstrap.enabled=false",
                "--opencvm.data-dir=target/hostile-input-data", "--server.port=0", "--server.address=127.0.0.1",
                "--management.server.port=0", "--opencvm.operations.workers=0", "--opencvm.reconcile.enabled=false",
                "--opencvm.nodes.probe-interval=PT1H", "--opencvm.limits.rate.requests-per-period=0",
                "--logging.level.root=WARN");
        port = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
        jdbc = server.getBean(JdbcClient.class);
        TestAccount account = new TestAccounts(jdbc).workspaceWithKey("hostile");
        key = account.apiKey();
        TestNodes nodes = new TestNodes(jdbc);
        long kms = nodes.devKms("kms_hostile", "http://127.0.0.1:9");
        long node = nodes.node("hostile-node", "http://127.0.0.1:9", kms, 16, 32768, 20, "dstack-0.5.4");
        String appId = "ab".repeat(20);
        long cvm = new TestCvms(jdbc).cvm(account, appId, "hostile-target", node, "running");
        String uuid = jdbc.sql("SELECT vm_uuid FROM cvms WHERE id = ?").param(cvm).query(String.class).single();
        validIds = Map.of("cvm_id", uuid, "vm_uuid", uuid, "app_id", appId, "kms_id", "kms_hostile", "slug", "hostile",
                "id", "key_unknown", "webhook_id", "wh_unknown", "event_id", "ev_unknown");
        operations = operationsOfTheDocument();
        rowCountQuery = rowCountQuery();
    }

    @AfterContainer
    static void stopAndRecord() throws IOException {
        if (server == null) {
            return;
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("database", TestDatabase.isPostgres() ? "postgres" : "h2");
        figures.put("inputs", perDefect.values().stream().mapToLong(AtomicLong::get).sum());
        figures.put("operations", operations.size());
        figures.put("operations_exercised", perOperation.size());
        figures.put("by_defect", new TreeMap<>(counts(perDefect)));
        figures.put("by_status", new TreeMap<>(counts(perStatus)));
        figures.put("by_operation", new TreeMap<>(counts(perOperation)));
        Path out = Path.of("target", "hostile-input", figures.get("database") + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures));
        server.close();
    }

    private static <K> Map<String, Long> counts(Map<K, AtomicLong> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v.get()));
        return out;
    }

    @Property(generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.BOUNDED)
    void everyHostileRequestIsRefusedWithA4xxEnvelopeAndChangesNothing(@ForAll("hostile") Hostile request)
            throws Exception {
        String before = rowCounts();
        HttpResponse<String> reply = send(request);
        perOperation.computeIfAbsent(request.op().name(), k -> new AtomicLong()).incrementAndGet();
        perDefect.computeIfAbsent(request.defect().name(), k -> new AtomicLong()).incrementAndGet();
        perStatus.computeIfAbsent(reply.statusCode(), k -> new AtomicLong()).incrementAndGet();

        assertThat(reply.statusCode()).as("%s -> %s", request, reply.body()).isBetween(400, 499);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).as("%s", request).startsWith("application/json");
        JsonNode body = JSON.readTree(reply.body());
        JsonNode detail = body.path("detail");
        boolean envelope = detail.isObject() && detail.path("error_code").isString()
                || detail.isArray() && !detail.isEmpty() && detail.get(0).path("type").isString();
        assertThat(envelope).as("%s -> %s", request, reply.body()).isTrue();
        assertThat(rowCounts()).as("%s changed rows", request).isEqualTo(before);
    }

    // generators -------------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Hostile> hostile() {
        // No edge cases at this level: they would send the first operation and defect a third of the time.
        return Arbitraries.of(operations).withoutEdgeCases().flatMap(op -> Arbitraries.of(defectsOf(op))
                .withoutEdgeCases().flatMap(defect ->
                Combinators.combine(target(op, defect), headers(op, defect), body(op, defect))
                        .as((target, headers, body) -> new Hostile(op, defect, target, headers, body))));
    }

    private static List<Defect> defectsOf(Operation op) {
        List<Defect> defects = new ArrayList<>();
        if (!op.params().isEmpty()) {
            defects.add(Defect.MANGLED_ID);
        }
        // Power actions take an optional body whose unknown fields they ignore: a bad one is no defect for them.
        if (op.body() && !op.path().matches(".*/(start|stop|shutdown|restart)")) {
            defects.add(Defect.BAD_BODY);
        }
        if (op.paged()) {
            defects.add(Defect.BAD_QUERY);
        }
        if (!op.isPublic()) {
            defects.add(Defect.BAD_KEY);
        }
        return defects;
    }

    private static Arbitrary<String> target(Operation op, Defect defect) {
        List<String> params = op.params();
        Arbitrary<String> mangledIndex = Arbitraries.of(params.isEmpty() ? List.of("") : params);
        Arbitrary<String> query = defect == Defect.BAD_QUERY ? badQuery(op) : noiseQuery();
        return Combinators.combine(mangledIndex, mangledId(), query).as((which, mangled, q) -> {
            String path = op.path();
            for (String p : params) {
                String value = defect == Defect.MANGLED_ID && p.equals(which) ? mangled : validIds.getOrDefault(p, "x1");
                path = path.replace("{" + p + "}", value);
            }
            return path + q;
        });
    }

    /**
     * A path segment that names nothing: odd Unicode, escapes, overflowing digits, near-misses of real ids (one hex
     * digit short or over: a well-formed app id is a fair question to a KMS, whose answer is the KMS's to give).
     */
    private static Arbitrary<String> mangledId() {
        Arbitrary<String> odd = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
                .map(s -> "zz" + s).map(HostileInputTest::encodeSegment);
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(13).ofMaxLength(60).map(s -> "9" + s);
        Arbitrary<String> hexish = Arbitraries.strings().withChars("0123456789abcdefABCDEF-_xX").ofMinLength(1)
                .ofMaxLength(80).map(s -> "e" + s);
        Arbitrary<String> nearMiss = Arbitraries.of("app_", "0x", "instance_", "cvm_", "APP_", "-", "")
                .flatMap(prefix -> Arbitraries.of(38, 40).flatMap(n -> Arbitraries.strings().withCharRange('a', 'f')
                        .ofLength(n).map(s -> prefix + "f" + s)));
        Arbitrary<String> escapes = Arbitraries.of("%00", "%2F", "%2e%2e", "%25", "%3B", "%5C", "%C0%AF", "%FF",
                "..", ".", ";x", "%0A", "%E2%80%AE", "%F0%9F%92%A9").map(e -> "id" + e);
        Arbitrary<String> huge = Arbitraries.integers().between(300, 3000).map(n -> "h".repeat(n));
        // A well-formed app id (40 hex digits, e.g. 40 decimal ones) is no defect: the KMS routes serve any app id.
        return Arbitraries.oneOf(odd, digits, hexish, nearMiss, escapes, huge)
                .filter(id -> !WELL_FORMED_APP_ID.matcher(id).matches());
    }

    private static String encodeSegment(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Arbitrary<String> badQuery(Operation op) {
        Arbitrary<String> page = Arbitraries.of("0", "-1", "2147483648", "-2147483649", "99999999999999999999", "1e3",
                "%00", "one", "1.5", "NaN", "%E2%80%AE");
        Arbitrary<String> size = Arbitraries.of("0", String.valueOf(op.maxPageSize() + 1), "-5", "1000000", "ten",
                "2147483648", "1.0");
        return Arbitraries.oneOf(page.map(p -> "?page=" + p), size.map(s -> "?page_size=" + s),
                Combinators.combine(page, size).as((p, s) -> "?page=" + p + "&page_size=" + s));
    }

    private static Arbitrary<String> noiseQuery() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10)
                .map(s -> "?zz_" + s + "=" + s));
    }

    private static Arbitrary<Map<String, String>> headers(Operation op, Defect defect) {
        Arbitrary<String> badKey = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().withCharRange(' ', '~')
                        .ofMaxLength(80).map(s -> "phak_" + s),
                Arbitraries.integers().between(2000, 7000).map(n -> "k".repeat(n)));
        Arbitrary<String> accept = Arbitraries.of("application/json", "text/html", "application/xml", "*/*", "image/png",
                "text/html;q=0.9, */*;q=0.1", "garbage//", "application/json;charset=ebcdic");
        Arbitrary<String> version = Arbitraries.of("2026-01-21", "2025-10-28", "1999-01-01", "latest", "", "../../");
        Arbitrary<String> idempotency = Arbitraries.oneOf(Arbitraries.strings().withCharRange('!', '~').ofMinLength(1)
                .ofMaxLength(255), Arbitraries.integers().between(256, 1000).map("i"::repeat));
        return Combinators.combine(badKey, accept, version, idempotency, Arbitraries.of(true, false))
                .as((bad, acc, ver, idem, bearer) -> {
                    Map<String, String> h = new LinkedHashMap<>();
                    if (defect == Defect.BAD_KEY) {
                        if (!bad.isEmpty()) {
                            h.put(bearer ? "Authorization" : "X-API-Key", bearer ? "Bearer " + bad : bad);
                        }
                    } else {
                        h.put("X-API-Key", key);
                    }
                    h.put("Accept", acc);
                    h.put("X-Phala-Version", ver);
                    h.put("Idempotency-Key", idem);
                    h.put("X-Prepare-Only", "true");
                    return h;
                });
    }

    private static Arbitrary<String> body(Operation op, Defect defect) {
        if (!op.body()) {
            return Arbitraries.just(null);
        }
        if (defect != Defect.BAD_BODY) {
            return Arbitraries.just("{}");
        }
        return Arbitraries.oneOf(malformed(), notAnObject(), wrongTypes(op), tooDeep(), hugeNumbers(op));
    }

    private static Arbitrary<String> malformed() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60).map(s -> "{" + s),
                Arbitraries.of("{\"a\":}", "{'a':1}", "{\"a\":1,}", "[1,2", "{\"a\" 1}", "\u0000", "{\"a\":NaN}",
                        "{\"a\":Infinity}", "{\"a\":\"\\ud800\"", "{\"a\":\"\\x41\"}", "nul", "{\"a\":01}", "{\"a\":.5}",
                        "{\"a\":1}{\"b\":2}", "\uFEFF{\"a\":", "{\"\\u0000\":tru}"));
    }

    private static Arbitrary<String> notAnObject() {
        return Arbitraries.of("[]", "[{}]", "1", "-1e309", "\"x\"", "true", "\"{}\"", "[null]", "99999999999999999999");
    }

    private static final List<String> FIELDS = List.of("name", "node_id", "teepod_id", "compose_file", "vcpu",
            "memory", "disk_size", "image", "app_id", "compose_hash", "encrypted_env", "vm_uuids", "token", "username",
            "role", "kms_id", "instance_type", "listed", "transaction_hash", "env_keys", "kms", "contract_address");

    /** Known field names of every operation given values of a type none of them takes together. */
    private static Arbitrary<String> wrongTypes(Operation op) {
        Arbitrary<Object> wrong = Arbitraries.oneOf(Arbitraries.just(List.of(List.of(Map.of()))),
                Arbitraries.just(Map.of("\u202e", List.of())), Arbitraries.strings().all().ofMaxLength(30).map(s -> s + "\uD83D"),
                Arbitraries.of(true, false).map(b -> (Object) b), Arbitraries.just(-0.5), Arbitraries.just(1e300));
        return Combinators.combine(Arbitraries.of(FIELDS).set().ofMinSize(1).ofMaxSize(6), wrong,
                Arbitraries.strings().all().ofMaxLength(20)).as((fields, value, noise) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (String f : fields) {
                        m.put(f, value);
                    }
                    // the one field every operation with a body reads and that never takes this value
                    m.put(op.anchor(), wrongFor(op));
                    m.put("zz" + noise, noise);
                    return JSON.writeValueAsString(m);
                });
    }

    /** A value the anchor field never takes: a nested list for an object field, an object for any other. */
    private static Object wrongFor(Operation op) {
        return op.anchorTakesObject() ? List.of(List.of("not", "an object")) : Map.of("not", List.of("a", "scalar"));
    }

    private static Arbitrary<String> tooDeep() {
        return Arbitraries.integers().between(65, 5000).map(depth -> "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
    }

    private static Arbitrary<String> hugeNumbers(Operation op) {
        return Arbitraries.integers().between(19, 400).map(n -> "{\"" + op.anchor() + "\":"
                + JSON.writeValueAsString(wrongFor(op)) + ",\"node_id\":" + "9".repeat(n) + ",\"teepod_id\":-"
                + "9".repeat(n) + ",\"vcpu\":1e" + n + "}");
    }

    // plumbing ---------------------------------------------------------------------------------------------------

    private static HttpResponse<String> send(Hostile r) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + r.target()))
                .timeout(Duration.ofSeconds(30));
        r.headers().forEach((name, value) -> {
            if (!value.isEmpty()) {
                b.header(name, value);
            }
        });
        if (r.body() != null) {
            b.header("Content-Type", "application/json");
            b.method(r.op().method(), HttpRequest.BodyPublishers.ofString(r.body()));
        } else {
            b.method(r.op().method(), HttpRequest.BodyPublishers.noBody());
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String rowCounts() {
        return jdbc.sql(rowCountQuery).query(String.class).single();
    }

    /**
     * One statement counting every table of the schema as it is (so a table a feature adds is watched without
     * naming it here).
     */
    private static String rowCountQuery() {
        List<String> tables = jdbc.sql("""
                        SELECT LOWER(table_name) FROM information_schema.tables
                        WHERE LOWER(table_schema) = 'public' AND table_type IN ('BASE TABLE', 'TABLE')
                        ORDER BY 1""").query(String.class).list().stream()
                .filter(t -> !COUNTED_APART.contains(t)).toList();
        assertThat(tables).as("tables of the schema").contains("cvms", "operations", "api_keys");
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String table : tables) {
            sql.append("CAST((SELECT COUNT(*) FROM ").append(table).append(") AS VARCHAR(20)) || '/' || ");
        }
        // A refused replicate under an Idempotency-Key records its refusal to replay it (by design, purged after
        // 24 h); anything else recorded there would be a change.
        sql.append("CAST((SELECT COUNT(*) FROM idempotency_keys WHERE response_status IS NULL OR ")
                .append("response_status < 400) AS VARCHAR(20))");
        return sql.toString();
    }

    private static List<Operation> operationsOfTheDocument() throws Exception {
        HttpResponse<String> doc = CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode document = JSON.readTree(doc.body());
        JsonNode paths = document.get("paths");
        List<Operation> ops = new ArrayList<>();
        Set<String> methods = Set.of("get", "post", "put", "patch", "delete");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!methods.contains(op.getKey())) {
                    continue;
                }
                boolean paged = false;
                long maxPageSize = 100;
                for (JsonNode p : op.getValue().path("parameters")) {
                    paged |= "query".equals(p.path("in").asString()) && "page".equals(p.path("name").asString());
                    if ("page_size".equals(p.path("name").asString())) {
                        maxPageSize = resolve(document, p.path("schema")).path("maximum").asLong(100);
                    }
                }
                // public: a GET that answers without a key (the document, public attestation lists)
                boolean isPublic = op.getKey().equals("get") && !path.getKey().contains("{") && CLIENT.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.getKey())).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() != 401;
                JsonNode body = resolve(document, op.getValue().path("requestBody").path("content")
                        .path("application/json").path("schema"));
                String anchor = anchorOf(body);
                JsonNode anchorSchema = resolve(document, body.path("properties").path(anchor));
                ops.add(new Operation(op.getKey().toUpperCase(), path.getKey(), op.getValue().has("requestBody"), paged,
                        isPublic, anchor, "object".equals(anchorSchema.path("type").asString())
                        || anchorSchema.has("properties"), maxPageSize));
            }
        }
        ops.removeIf(op -> op.params().isEmpty() && !op.body() && !op.paged() && op.isPublic());
        assertThat(ops).as("operations under /api/v1").hasSizeGreaterThan(20);
        return Collections.unmodifiableList(ops);
    }

    /** A required field of the body schema, else its first field; "name" when the schema names none. */
    private static String anchorOf(JsonNode schema) {
        for (JsonNode required : schema.path("required")) {
            if (schema.path("properties").has(required.asString())) {
                return required.asString();
            }
        }
        return schema.path("properties").propertyNames().stream().findFirst().orElse("name");
    }

    /** The schema behind a {@code $ref}, or behind the first branch of an {@code anyOf}/{@code oneOf}/{@code allOf} that is not null. */
    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/")) {
            return resolve(document, document.at(ref.substring(1)));
        }
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            for (JsonNode branch : schema.path(combinator)) {
                if (!"null".equals(branch.path("type").asString(""))) {
                    return resolve(document, branch);
                }
            }
        }
        return schema;
    }
}

package io.opencvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Flyway refuses to start on a database that has applied V150 when a V121 appears later (out of order is off, so a
 * fresh and an upgraded database never run the migrations in different orders). So a migration must be numbered
 * above every one that landed before it. {@code landed-migrations.txt} lists the migrations in the order they
 * landed; a new one is appended there, and this fails when that order is not the version order or a landed one
 * was renamed or removed (an upgraded database has applied it under its name).
 */
class MigrationOrderTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path LANDED = Path.of("src/test/resources/landed-migrations.txt");
    private static final Pattern VERSION = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    @Test
    void migrationsLandInTheOrderOfTheirVersions() throws IOException {
        List<String> landed = Files.readAllLines(LANDED).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        TreeSet<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")).forEach(present::add);
        }

        assertThat(present).as("every migration is listed in %s, appended in landing order", LANDED)
                .containsExactlyInAnyOrderElementsOf(landed);
        List<String> outOfOrder = new ArrayList<>();
        for (int i = 1; i < landed.size(); i++) {
            if (compare(version(landed.get(i - 1)), version(landed.get(i))) >= 0) {
                outOfOrder.add(landed.get(i) + " landed after " + landed.get(i - 1));
            }
        }
        assertThat(outOfOrder).as("number a new migration above the last landed one").isEmpty();
    }

    private static List<BigInteger> version(String file) {
        Matcher m = VERSION.matcher(file);
        assertThat(m.matches()).as("%s is named V<version>__<description>.sql", file).isTrue();
        return Stream.of(m.group(1).split("[._]")).map(BigInteger::new).toList();
    }

    private static int compare(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int c = (i < a.size() ? a.get(i) : BigInteger.ZERO).compareTo(i < b.size() ? b.get(i) : BigInteger.ZERO);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}

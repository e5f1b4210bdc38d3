package io.opencvm.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured, in the order the report shows it. */
final class Results {

    final Map<String, String> machine = new LinkedHashMap<>();
    String loadAtStart = "?";
    String loadAtEnd = "?";
    String started = "?";
    double minutes;
    double tpcb;
    double replicateSqlOne;
    double replicateSqlMany;
    Row floor;
    final List<Row> empty = new ArrayList<>();
    final List<Row> jdk25 = new ArrayList<>();
    final List<Row> scale = new ArrayList<>();
    final List<Row> scaleDeployed = new ArrayList<>();
    EndToEnd.Outcome e2e;
    double seedSeconds;
    final Map<String, Long> rssByServer = new LinkedHashMap<>();
    final List<String[]> jmh = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    static Row find(List<Row> rows, String modePrefix, int sources) {
        return rows.stream().filter(r -> r.mode().startsWith(modePrefix) && r.sources() == sources).findFirst()
                .orElse(null);
    }

    long rssMaxJdk17() {
        return rssByServer.entrySet().stream().filter(e -> !e.getKey().contains("25")).mapToLong(Map.Entry::getValue)
                .max().orElse(0);
    }
}

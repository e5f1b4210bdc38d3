package io.opencvm.reliability;

import io.opencvm.reliability.FleetSnapshot.CvmRow;
import io.opencvm.reliability.FleetSnapshot.KeyRow;
import io.opencvm.vmmsim.prpc.Json;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What became of the requests that got no answer, found out from the database and the nodes: a keyed replicate
 * happened when its Idempotency-Key holds a recorded 200 (and then once: the key names one replica); an unkeyed
 * one can only be counted against the replicas no answer accounts for; a delete happened when its CVM is gone.
 * {@link Invariants} fails a run where any of these happened twice or half; this only gives the figures.
 */
final class UnansweredRequests {

    private UnansweredRequests() {
    }

    static String describe(FleetSnapshot snapshot, Ledger ledger) {
        Map<String, KeyRow> keys = snapshot.keys().stream().collect(Collectors.toMap(KeyRow::key, Function.identity()));
        Map<String, CvmRow> byUuid = snapshot.cvms().stream().collect(Collectors.toMap(CvmRow::vmUuid, Function.identity()));
        Set<String> answered = new HashSet<>();
        ledger.entries().stream().map(Ledger.Entry::createdVmUuid).filter(u -> u != null).forEach(answered::add);
        int keyedHappened = 0;
        int keyedNot = 0;
        int unkeyed = 0;
        int deletesHappened = 0;
        int deletesNot = 0;
        for (Ledger.Entry e : ledger.entries()) {
            if (!(e.answer() instanceof Answer.NoReply)) {
                continue;
            }
            if (e.kind() == Ledger.Kind.DELETE) {
                CvmRow row = byUuid.get(e.target());
                if (row != null && !row.wantedLive()) {
                    deletesHappened++;
                } else {
                    deletesNot++;
                }
            } else if (e.key() != null) {
                KeyRow key = keys.get(e.key());
                if (key != null && "completed".equals(key.state()) && Integer.valueOf(200).equals(key.status())) {
                    keyedHappened++;
                    answered.add(Json.MAPPER.readTree(key.body()).get("vm_uuid").asString());
                } else {
                    keyedNot++;
                }
            } else {
                unkeyed++;
            }
        }
        long unaccounted = snapshot.cvms().stream().filter(c -> c.sourceId() != null && !answered.contains(c.vmUuid()))
                .count();
        return "unanswered replicates with a key: " + keyedHappened + " happened (once each), " + keyedNot
                + " did not; without a key: " + unkeyed + ", against which " + unaccounted
                + " replica(s) no answer accounts for; unanswered deletes: " + deletesHappened + " happened, "
                + deletesNot + " did not (a client may delete again)";
    }
}

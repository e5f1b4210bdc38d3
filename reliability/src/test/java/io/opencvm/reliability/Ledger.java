package io.opencvm.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Every request a harness's clients made and what came back, in the order they were answered. */
final class Ledger {

    enum Kind { REPLICATE, DELETE }

    /**
     * One request.
     *
     * @param target the source CVM (replicate) or the CVM (delete), by vm_uuid
     * @param nodeId the node asked for, or null
     * @param key the Idempotency-Key, or null
     * @param replay true when this repeats an unanswered keyed request with the same key
     */
    record Entry(Kind kind, String target, Long nodeId, String key, boolean replay, Answer answer) {

        boolean sent() {
            return !(answer instanceof Answer.NotSent);
        }

        /** The vm_uuid of a 200 replicate answer, else null. */
        String createdVmUuid() {
            if (kind == Kind.REPLICATE && answer instanceof Answer.Reply r && r.status() == 200) {
                return r.json().get("vm_uuid").asString();
            }
            return null;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void record(Entry entry) {
        entries.add(entry);
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized long sent() {
        return entries.stream().filter(Entry::sent).count();
    }

    synchronized long count(Predicate<Entry> which) {
        return entries.stream().filter(which).count();
    }

    /** "replicate 200" → n, "delete no reply" → n, …, for the figures. */
    synchronized Map<String, Long> histogram() {
        Map<String, Long> out = new TreeMap<>();
        for (Entry e : entries) {
            String outcome = e.answer() instanceof Answer.Reply r ? Integer.toString(r.status())
                    : e.answer() instanceof Answer.NoReply ? "no reply" : "not sent (refused)";
            out.merge(e.kind().name().toLowerCase() + (e.replay() ? " replay" : "") + " " + outcome, 1L, Long::sum);
        }
        return out;
    }
}

package io.opencvm.guest;

/**
 * {@code InstanceIdRefreshResult}: the instance id opencvm recorded for a CVM next to the one its node reports now.
 * Nothing is written here: the reconciler is the one writer of what a node reports and records the instance id on its
 * next pass, so a difference is reported ({@code conflict}, or {@code skipped} while none is recorded) with the reason.
 */
record InstanceIdCheck(long cvm_id, String identifier, String status, String old_instance_id, String new_instance_id,
                       String source, boolean verified_with_gateway, String reason) {

    static final String UNCHANGED = "unchanged";
    static final String SKIPPED = "skipped";
    static final String CONFLICT = "conflict";
    static final String ERROR = "error";

    static InstanceIdCheck of(long cvmId, String identifier, String recorded, GuestReading<String> reported) {
        if (!reported.online()) {
            return new InstanceIdCheck(cvmId, identifier, ERROR, recorded, null, "none", false, reported.error());
        }
        String now = reported.value();
        if (now == null) {
            return new InstanceIdCheck(cvmId, identifier, SKIPPED, recorded, null, "none", false,
                    "The node reports no instance id for the VM yet");
        }
        if (now.equals(recorded)) {
            return new InstanceIdCheck(cvmId, identifier, UNCHANGED, recorded, now, "teepod_info", false, null);
        }
        return new InstanceIdCheck(cvmId, identifier, recorded == null ? SKIPPED : CONFLICT, recorded, now,
                "teepod_info", false, "The reconciler records what the node reports on its next pass; this route does"
                + " not write instance ids");
    }
}

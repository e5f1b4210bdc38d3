package io.opencvm.replica;

import io.opencvm.api.Fields;

/**
 * A replicate request as the controller hands it over: the source segment ({@code {cvm_id}} or the
 * app-scoped {@code {vm_uuid}}), the app id of the app-scoped route (else null), the parsed body, the
 * prepare-only switch, and the API base URL the commit links point at.
 */
record ReplicateCommand(String sourceSegment, String scopedAppId, ReplicateRequest request, boolean prepareOnly,
                        String apiBase) {

    /** {@code X-Prepare-Only}: absent is false; otherwise a boolean word, as the API's header parser takes it. */
    static boolean prepareOnly(String header) {
        Fields headers = Fields.of("header");
        Boolean prepareOnly = headers.booleanText("X-Prepare-Only", header);
        headers.throwIfAny();
        return Boolean.TRUE.equals(prepareOnly);
    }
}

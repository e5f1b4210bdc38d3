package io.opencvm.replica;

/**
 * A replicate request as the controller hands it over: the source segment ({@code {cvm_id}} or the
 * app-scoped {@code {vm_uuid}}), the app id of the app-scoped route (else null), the parsed body, the
 * prepare-only switch, and the API base URL the commit links point at.
 */
record ReplicateCommand(String sourceSegment, String scopedAppId, ReplicateRequest request, boolean prepareOnly,
                        String apiBase) {
}

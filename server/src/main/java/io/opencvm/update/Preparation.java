package io.opencvm.update;

import io.opencvm.api.Fields;

/**
 * How an update that may wait for on-chain approval is asked: {@code X-Prepare-Only} (keep it under a commit token
 * even when the contract already allows it) and the API base URL its commit link points at.
 */
record Preparation(boolean prepareOnly, String apiBase) {

    /** {@code X-Prepare-Only}: absent is false; otherwise a boolean word, as the API's header parser takes it. */
    static Preparation of(String prepareOnlyHeader, String apiBase) {
        Fields headers = Fields.of("header");
        Boolean prepareOnly = headers.booleanText("X-Prepare-Only", prepareOnlyHeader);
        headers.throwIfAny();
        return new Preparation(Boolean.TRUE.equals(prepareOnly), apiBase);
    }
}

package io.opencvm.vmmsim.prpc;

import java.util.Map;

/** A non-pRPC route on the same listener (e.g. {@code GET /logs}); answers with a status and a body. */
@FunctionalInterface
public interface RawRoute {

    Reply handle(String method, String path, Map<String, String> query);

    /** A plain response of a raw route. */
    record Reply(int status, String contentType, String body) {
    }
}

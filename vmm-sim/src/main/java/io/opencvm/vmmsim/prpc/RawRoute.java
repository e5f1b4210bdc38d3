package io.opencvm.vmmsim.prpc;

import java.util.Map;

/**
 * A non-pRPC route on the same listener (e.g. {@code GET /logs}, the test hooks); answers with a status and a
 * body. {@code body} is the request body as text ({@code ""} when there is none).
 */
@FunctionalInterface
public interface RawRoute {

    Reply handle(String method, String path, Map<String, String> query, String body);

    /** A plain response of a raw route. */
    record Reply(int status, String contentType, String body) {

        /** A JSON reply. */
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json", body);
        }

        /** {@code {"error": text}} with the given status. */
        public static Reply error(int status, String text) {
            return json(status, Json.prettyError(text));
        }
    }
}

package io.opencvm.reliability;

import io.opencvm.vmmsim.prpc.Json;
import tools.jackson.databind.JsonNode;

/** What a client got for one HTTP request. */
sealed interface Answer {

    /** An HTTP answer. */
    record Reply(int status, String body) implements Answer {

        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    /** The request may have reached the server, but no answer came (the server died, the connection broke). */
    record NoReply(String error) implements Answer {
    }

    /** The connection was refused: the request never reached a server. */
    record NotSent(String error) implements Answer {
    }

    default boolean is(int status) {
        return this instanceof Reply r && r.status() == status;
    }
}

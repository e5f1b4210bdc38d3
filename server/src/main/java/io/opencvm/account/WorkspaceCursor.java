package io.opencvm.account;

import io.opencvm.api.InputError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The opaque {@code cursor} of {@code GET /workspaces}: the position after which the next page starts. */
record WorkspaceCursor(long afterPk) {

    static final WorkspaceCursor START = new WorkspaceCursor(0);

    static WorkspaceCursor parse(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return START;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("ws:")) {
                return new WorkspaceCursor(Long.parseLong(text.substring(3)));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the 422 below
        }
        throw InputError.VALUE_ERROR.problem(List.of("query", "cursor"), cursor, "Invalid cursor");
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("ws:" + afterPk).getBytes(StandardCharsets.UTF_8));
    }
}

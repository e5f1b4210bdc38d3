package io.opencvm.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harness opens what the server sealed. The vector was sealed by the server's {@code replica.SealedReplies}
 * (key {@code key-1}, workspace 7, fingerprint 64 × {@code a}); the server's own test opens the same one, so the
 * two sides cannot drift apart unnoticed.
 */
class RecordedRepliesTest {

    private static final String FINGERPRINT = "a".repeat(64);
    private static final String STORED_KEY = "sha256:be2974546978e3739e6d6da85c4be9f334ce32df2b9fd4b6ff1b55c0d57e9d44";
    private static final String SEALED = "sealed:v1:8o0z5fX/Gmp1B8xxcaT9n1IqMb/g4X9bqd6+67eJhWkkhFgg+x+z1jUPznYRyrX+"
            + "0tlk0LvPT8dh8IZI49QVcsjNTgjhe7QZwKHyTaWqyg==";

    private final RecordedReplies replies = new RecordedReplies(List.of("key-1", "key-2"));

    @Test
    void aStoredKeyIsTracedBackToTheKeyTheClientSent() {
        assertThat(replies.keyAsSent(STORED_KEY)).isEqualTo("key-1");
        assertThat(replies.keyAsSent("sha256:00")).isEqualTo("sha256:00");
    }

    @Test
    void aReplyTheServerSealedOpensWithTheKeyWorkspaceAndFingerprint() {
        assertThat(replies.open(STORED_KEY, 7, FINGERPRINT, SEALED))
                .isEqualTo("{\"vm_uuid\": \"00000000-0000-0000-0000-000000000002\"}");
    }

    @Test
    void anotherWorkspaceOrFingerprintOpensNothing() {
        assertThat(replies.open(STORED_KEY, 8, FINGERPRINT, SEALED)).isEqualTo(SEALED);
        assertThat(replies.open(STORED_KEY, 7, "b".repeat(64), SEALED)).isEqualTo(SEALED);
    }
}

package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How a recorded reply rests: only the caller's key, workspace and request open it, and old rows keep opening. */
class SealedRepliesTest {

    private static final String FINGERPRINT = "a".repeat(64);
    private static final String BODY = "{\"vm_uuid\": \"00000000-0000-0000-0000-000000000002\"}";
    /** Sealed by this class (key-1, workspace 7); the crash harness's RecordedRepliesTest opens the same vector. */
    private static final String RECORDED = "sealed:v1:8o0z5fX/Gmp1B8xxcaT9n1IqMb/g4X9bqd6+67eJhWkkhFgg+x+z1jUPznYRyrX+"
            + "0tlk0LvPT8dh8IZI49QVcsjNTgjhe7QZwKHyTaWqyg==";

    @Test
    void aSealedReplyOpensWithTheSameKeyWorkspaceAndRequestAndHidesItsText() {
        String sealed = SealedReplies.seal("key-1", 7, FINGERPRINT, BODY);

        assertThat(sealed).startsWith("sealed:v1:").doesNotContain("vm_uuid");
        assertThat(SealedReplies.open("key-1", 7, FINGERPRINT, sealed)).isEqualTo(BODY);
    }

    @Test
    void aReplyRecordedEarlierStillOpens() {
        assertThat(SealedReplies.open("key-1", 7, FINGERPRINT, RECORDED)).isEqualTo(BODY);
    }

    @Test
    void anotherKeyOrWorkspaceCannotOpenIt() {
        assertThatThrownBy(() -> SealedReplies.open("key-2", 7, FINGERPRINT, RECORDED))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SealedReplies.open("key-1", 8, FINGERPRINT, RECORDED))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theKeyRestsOnlyAsItsHash() {
        assertThat(SealedReplies.storedKey("key-1"))
                .isEqualTo("sha256:be2974546978e3739e6d6da85c4be9f334ce32df2b9fd4b6ff1b55c0d57e9d44");
    }
}

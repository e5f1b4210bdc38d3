package io.opencvm.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ValidationProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one way each id that crosses features is read: every form a client sends, one canonical value. */
class IdFormsTest {

    private static final String HEX40 = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private static final String HEX64 = "abababababababababababababababababababababababababababababababab";

    @ParameterizedTest
    @ValueSource(strings = {HEX40, "app_" + HEX40, "APP_A1B2C3D4E5F60718293A4B5C6D7E8F9012345678", "0x" + HEX40,
            "0XA1B2C3D4E5F60718293A4B5C6D7E8F9012345678", "  a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 "})
    void everyFormOfAnAppIdReadsAsFortyLowerCaseHex(String raw) {
        assertThat(AppId.parse(raw)).hasValue(new AppId(HEX40));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "app_123", "instance_" + HEX40, "0x0x" + HEX40, HEX40 + "0", "zzb2c3d4e5f60718293a4b5c6d7e8f9012345678"})
    void anythingElseIsNoAppId(String raw) {
        assertThat(AppId.parse(raw)).isEmpty();
    }

    @Test
    void aBadAppIdInABodyIs400AndInAPathIs422() {
        assertThatThrownBy(() -> AppId.require("app_id", "not-hex")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
        assertThatThrownBy(() -> AppId.inPath("app_id", "not-hex")).isInstanceOfSatisfying(ValidationProblem.class,
                p -> assertThat(p.items().get(0).loc()).containsExactly("path", "app_id"));
        assertThat(AppId.random().hex()).matches("[0-9a-f]{40}");
        assertThat(new AppId(HEX40).address()).isEqualTo("0x" + HEX40);
    }

    @ParameterizedTest
    @ValueSource(strings = {HEX64, "0x" + HEX64, "0X" + HEX64, "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB",
            " 0xabababababababababababababababababababababababababababababababab "})
    void everyFormOfAComposeHashReadsAsSixtyFourLowerCaseHex(String raw) {
        assertThat(ComposeHash.parse(raw)).hasValue(new ComposeHash(HEX64));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0xabc", HEX64 + "a", "zzababababababababababababababababababababababababababababababab", "sha256:" + HEX64})
    void anythingElseIsNoComposeHash(String raw) {
        assertThat(ComposeHash.parse(raw)).isEmpty();
        assertThatThrownBy(() -> ComposeHash.require("compose_hash", raw)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
}

package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ValidationProblem;
import io.opencvm.app.ComposeHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicateRequestTest {

    private static final String ENV_60_BYTES = "ab".repeat(60);

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "null", "{}", "{\"unknown\": 1}"})
    void absentNullAndEmptyBodiesMeanNoOptions(String body) {
        assertThat(ReplicateRequest.parse(body)).isEqualTo(ReplicateRequest.EMPTY);
    }

    @Test
    void nodeIdTeepodIdEnvAndHashAreRead() {
        ReplicateRequest r = ReplicateRequest.parse(
                "{\"node_id\": 12, \"encrypted_env\": \"" + ENV_60_BYTES.toUpperCase() + "\", \"compose_hash\": \"0x" + "AB".repeat(32) + "\"}");
        assertThat(r).isEqualTo(new ReplicateRequest(12L, ENV_60_BYTES, new ComposeHash("ab".repeat(32))));
    }

    @Test
    void deprecatedTeepodIdStandsInForNodeIdAndEqualValuesAreFine() {
        assertThat(ReplicateRequest.parse("{\"teepod_id\": 7}").nodeId()).isEqualTo(7L);
        assertThat(ReplicateRequest.parse("{\"teepod_id\": 7, \"node_id\": 7}").nodeId()).isEqualTo(7L);
    }

    @Test
    void differentNodeIdAndTeepodIdAreA422() {
        assertThatThrownBy(() -> ReplicateRequest.parse("{\"teepod_id\": 7, \"node_id\": 8}"))
                .isInstanceOfSatisfying(ValidationProblem.class,
                        p -> assertThat(p.items()).singleElement().satisfies(i -> assertThat(i.type()).isEqualTo("value_error")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"node_id\": \"x\"}|node_id|int_parsing",
            "{\"node_id\": 1.5}|node_id|int_from_float",
            "{\"node_id\": true}|node_id|int_parsing",
            "{\"encrypted_env\": 12}|encrypted_env|string_type",
            "{\"compose_hash\": []}|compose_hash|string_type"})
    void wrongTypesAre422WithTheFieldLocation(String body, String field, String type) {
        assertThatThrownBy(() -> ReplicateRequest.parse(body))
                .isInstanceOfSatisfying(ValidationProblem.class, p -> assertThat(p.items()).singleElement().satisfies(i -> {
                    assertThat(i.loc()).containsExactly("body", field);
                    assertThat(i.type()).isEqualTo(type);
                }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "12", "\"text\""})
    void aBodyThatIsNotAnObjectIsA422(String body) {
        assertThatThrownBy(() -> ReplicateRequest.parse(body)).isInstanceOf(ValidationProblem.class);
    }

    @Test
    void malformedJsonIsA422JsonInvalid() {
        assertThatThrownBy(() -> ReplicateRequest.parse("{\"node_id\": "))
                .isInstanceOfSatisfying(ValidationProblem.class,
                        p -> assertThat(p.items().get(0).type()).isEqualTo("json_invalid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "abc", "abcd"})
    void encryptedEnvThatIsNotHexOddOrTooShortIsA400InvalidRequest(String env) {
        String body = "{\"encrypted_env\": \"" + (env.equals("abcd") ? "ab".repeat(59) : env) + "\"}";
        assertThatThrownBy(() -> ReplicateRequest.parse(body))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void malformedComposeHashIsA400InvalidRequest() {
        assertThatThrownBy(() -> ReplicateRequest.parse("{\"compose_hash\": \"0xabc\"}"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"NULL,false", "true,true", "TRUE,true", "1,true", "false,false", "0,false"})
    void prepareOnlyHeaderIsABooleanWord(String header, boolean expected) {
        assertThat(ReplicateCommand.prepareOnly(header)).isEqualTo(expected);
    }

    @Test
    void prepareOnlyHeaderThatIsNoBooleanIsA422() {
        assertThatThrownBy(() -> ReplicateCommand.prepareOnly("maybe"))
                .isInstanceOfSatisfying(ValidationProblem.class,
                        p -> assertThat(p.items().get(0).loc()).containsExactly("header", "X-Prepare-Only"));
    }
}

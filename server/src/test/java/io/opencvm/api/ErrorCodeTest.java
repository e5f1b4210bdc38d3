package io.opencvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every row of the error table: a well-formed unique code, an error status, the envelope it renders. */
class ErrorCodeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void eachRowRendersTheEnvelopeWithItsStatusAndCode(ErrorCode code) {
        ResponseEntity<ErrorBody.Envelope> reply = new ApiExceptionHandler().business(new ApiException(code, "because"));

        assertThat(reply.getStatusCode()).isEqualTo(code.status());
        assertThat(code.status().value()).isBetween(400, 599);
        assertThat(code.code()).matches("ERR-\\d{2}-\\d{3}");
        JsonNode body = JSON.valueToTree(reply.getBody());
        assertThat(body.propertyNames()).containsExactly("detail");
        assertThat(body.get("detail").propertyNames())
                .containsExactly("error_code", "message", "details", "suggestions", "links");
        assertThat(body.at("/detail/error_code").asString()).isEqualTo(code.code());
        assertThat(body.at("/detail/message").asString()).isEqualTo("because");
    }

    @Test
    void noTwoRowsShareACode() {
        Set<String> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());
        assertThat(codes).hasSize(ErrorCode.values().length);
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 405, 413, 415})
    void aContainerRefusalWithItsOwnRowKeepsItsStatus(int status) {
        assertThat(ContainerErrorReport.codeFor(status).status().value()).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 414, 431, 500, 503})
    void anyOtherContainerRefusalIsABadRequestOrAnInternalError(int status) {
        assertThat(ContainerErrorReport.codeFor(status))
                .isEqualTo(status < 500 ? ErrorCode.INVALID_PATH : ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void everyRowIsUsedByTheApplication() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.opencvm");
        Set<String> used = main.stream()
                .filter(c -> !c.isEquivalentTo(ErrorCode.class))
                .flatMap(c -> c.getFieldAccessesFromSelf().stream())
                .map(JavaFieldAccess::getTarget)
                .filter(target -> target.getOwner().isEquivalentTo(ErrorCode.class))
                .map(target -> target.getName())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> unused = EnumSet.allOf(ErrorCode.class).stream().map(Enum::name)
                .filter(name -> !used.contains(name)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(unused).as("rows no main code refers to: throw them or delete them").isEmpty();
    }
}

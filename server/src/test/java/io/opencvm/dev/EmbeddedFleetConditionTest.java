package io.opencvm.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.env.MockEnvironment;

class EmbeddedFleetConditionTest {

    @ParameterizedTest(name = "embedded={0}, database={1} -> simulated fleet {2}")
    @CsvSource(delimiter = '|', value = {
            "      | jdbc:h2:file:./data/opencvm;MODE=PostgreSQL | true",
            "      | jdbc:postgresql://db:5432/opencvm          | false",
            "      |                                             | false",
            "true  | jdbc:postgresql://db:5432/opencvm          | true",
            "false | jdbc:h2:file:./data/opencvm                | false",
            "TRUE  | jdbc:h2:mem:x                              | true"})
    void theSimulatedFleetStartsOnH2OrWhenAskedForButNeverByDefaultOnAnotherDatabase(String asked, String url,
                                                                                     boolean expected) {
        MockEnvironment environment = new MockEnvironment();
        if (asked != null) {
            environment.setProperty(EmbeddedFleetCondition.PROPERTY, asked);
        }
        if (url != null) {
            environment.setProperty("spring.datasource.url", url);
        }

        assertThat(EmbeddedFleetCondition.enabled(environment)).isEqualTo(expected);
    }
}

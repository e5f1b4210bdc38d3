package io.opencvm.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.NodeBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvailableNodesResponseTest {

    @ParameterizedTest(name = "version {0} of image {1} is {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "0.5.4        | dstack-0.5.4     | [0, 5, 4]",
            "0.5.4.1      | dstack-0.5.4.1   | [0, 5, 4, 1]",
            "v0.5.8       | dstack-0.5.8     | [0, 5, 8]",
            "0.5.3-dev    | dstack-dev-0.5.3 | [0, 5, 3]",
            "''           | dstack-0.4.2     | [0, 4, 2]",
            "null         | dstack-nightly   | [0, 0, 0]",
            "1.2          | x                | [1, 2, 0]",
            "1.2.3.4.5    | x                | [1, 2, 3, 4]"})
    void imageVersionsBecomeThreeOrFourNumbers(String version, String name, String expected) {
        assertThat(AvailableNodesResponse.versionNumbers(version, name).toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "capacity {0}, reserved {1} scores {2}")
    @CsvSource(delimiter = '|', value = {"8|0|1.0", "8|8|0.0", "8|4|0.5", "0|0|0.0"})
    void resourceScoreIsTheMeanFreeShare(int capacity, int reserved, double score) {
        Node node = NodeBuilder.node(1).capacity(new Resources(capacity, capacity * 1024, 100, capacity))
                .reserved(new Resources(reserved, reserved * 1024, 0, reserved)).build();
        assertThat(AvailableNodesResponse.resourceScore(node)).isEqualTo(score);
    }

    @ParameterizedTest(name = "description {0} gives hash {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "{\"digest\":\"ABab\"}                | abab",
            "{\"digest\":\"sha256:00ff\"}         | 00ff",
            "{\"os_image_hash\":\"0x1234\"}       | 1234",
            "{\"version\":\"0.5.4\"}              | null",
            "{\"digest\":\"not hex\"}             | null",
            "not json                             | null",
            "null                                 | null"})
    void theOsImageHashComesFromTheDigestOfTheImageMetadata(String description, String hash) {
        assertThat(NodeProbe.osImageHash(description)).isEqualTo(hash);
    }
}

package io.opencvm.vmmsim.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EthCallDataTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            allowedComposeHashes(bytes32) | 0x2f6622e5
            allowedDeviceIds(bytes32)     | 0xbf8b211b
            allowAnyDevice()              | 0x3440a16a
            requireTcbUpToDate()          | 0x0aa58c83
            owner()                       | 0x8da5cb5b
            """)
    void selectorIsTheFirstFourBytesOfKeccakOfTheSignature(String signature, String selector) {
        assertThat(EthCallData.selector(signature)).isEqualTo(selector);
    }

    @Test
    void readerSendsTheSelectorsOfTheDstackAppViews() {
        assertThat(JsonRpcContractReader.ALLOWED_COMPOSE_HASHES)
                .isEqualTo(EthCallData.selector("allowedComposeHashes(bytes32)"));
        assertThat(JsonRpcContractReader.ALLOWED_DEVICE_IDS).isEqualTo(EthCallData.selector("allowedDeviceIds(bytes32)"));
        assertThat(JsonRpcContractReader.ALLOW_ANY_DEVICE).isEqualTo(EthCallData.selector("allowAnyDevice()"));
        assertThat(JsonRpcContractReader.REQUIRE_TCB_UP_TO_DATE).isEqualTo(EthCallData.selector("requireTcbUpToDate()"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0x11ab000000000000000000000000000000000000000000000000000000000022 | 11ab000000000000000000000000000000000000000000000000000000000022
            11ab000000000000000000000000000000000000000000000000000000000022   | 11ab000000000000000000000000000000000000000000000000000000000022
            0xABCD                                                             | abcd000000000000000000000000000000000000000000000000000000000000
            abc                                                                | abc0000000000000000000000000000000000000000000000000000000000000
            ''                                                                 | 0000000000000000000000000000000000000000000000000000000000000000
            """)
    void bytes32IsLeftAlignedAndZeroPaddedOnTheRightLikeTheServer(String input, String expected) {
        assertThat(HexFormat.of().formatHex(EthCallData.bytes32(input))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x11ab0000000000000000000000000000000000000000000000000000000000221", "xyz", "0x12 4"})
    void bytes32LongerThan32BytesOrNotHexIsRefused(String input) {
        assertThatThrownBy(() -> EthCallData.bytes32(input)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callDataIsTheSelectorFollowedByTheWords() {
        String data = EthCallData.encode("0x2f6622e5", EthCallData.bytes32("ab"));

        assertThat(data).isEqualTo("0x2f6622e5ab" + "0".repeat(62));
        assertThatThrownBy(() -> EthCallData.encode("0x2f6622e5", new byte[31]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

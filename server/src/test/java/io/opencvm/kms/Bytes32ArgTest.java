package io.opencvm.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.utils.Numeric;

class Bytes32ArgTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0x11ab000000000000000000000000000000000000000000000000000000000022 | 11ab000000000000000000000000000000000000000000000000000000000022
            11ab000000000000000000000000000000000000000000000000000000000022   | 11ab000000000000000000000000000000000000000000000000000000000022
            0xABCD                                                             | abcd000000000000000000000000000000000000000000000000000000000000
            abc                                                                | abc0000000000000000000000000000000000000000000000000000000000000
            ''                                                                 | 0000000000000000000000000000000000000000000000000000000000000000
            """)
    void hexIsLeftAlignedAndZeroPaddedOnTheRightLikeTheCli(String input, String expected) {
        assertThat(Numeric.toHexStringNoPrefix(Bytes32Arg.of(input).getValue())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x11ab0000000000000000000000000000000000000000000000000000000000221", "xyz", "0x12 4"})
    void valuesLongerThan32BytesOrNotHexAreRefused(String input) {
        assertThatThrownBy(() -> Bytes32Arg.of(input)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.opencvm.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Anvil;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** The test chain itself: the keys it hands out are anvil's funded accounts, and it goes away on close. */
class AnvilDevChainTest {

    @Test
    void derivedKeysAreTheChainsFundedAccountsAndCloseStopsTheChain() throws Exception {
        Anvil anvil = Anvil.start();
        try {
            List<String> accounts = anvil.web3j().ethAccounts().send().getAccounts();
            assertThat(anvil.web3j().ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(31337));
            assertThat(IntStream.range(0, 4).mapToObj(anvil::address)).containsExactlyElementsOf(accounts);
            assertThat(Credentials.create(anvil.privateKey(1)).getAddress()).isEqualTo(anvil.address(1));
            assertThat(anvil.web3j().ethGetBalance(anvil.address(3), DefaultBlockParameterName.LATEST).send().getBalance())
                    .isPositive();
        } finally {
            anvil.close();
        }
        assertThat(reachable(anvil)).isFalse();
    }

    private static boolean reachable(Anvil anvil) {
        try {
            anvil.web3j().ethChainId().send();
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}

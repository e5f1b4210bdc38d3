package io.opencvm.kms;

import static io.opencvm.kms.AppContractTest.bytes32Call;
import static io.opencvm.kms.AppContractTest.deployApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.testsupport.Anvil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The commit-time proof that an on-chain registration really happened, against real receipts. */
class TransactionCheckTest {

    static final String COMPOSE = "c2".repeat(32);

    static Anvil anvil;
    static String app;
    static String otherApp;
    final TransactionCheck check = new TransactionCheck(new ChainClients());

    @BeforeAll
    static void startChain() {
        anvil = Anvil.start();
        app = deployApp(anvil, false, new byte[32], new byte[32]);
        otherApp = deployApp(anvil, false, new byte[32], new byte[32]);
    }

    @AfterAll
    static void stopChain() {
        anvil.close();
    }

    @Test
    void aMinedAddComposeHashToTheAppIsVerified() {
        TransactionReceipt add = anvil.transact(0, app, bytes32Call("addComposeHash", COMPOSE));

        assertThat(check.verify(anvil.rpcUrl(), add.getTransactionHash(), app)).isTrue();
        assertThat(check.verify(anvil.rpcUrl(), add.getTransactionHash(), app.substring(2).toUpperCase())).isTrue();
    }

    @Test
    void aHashThatWasNeverMinedIsNotVerified() {
        assertThat(check.verify(anvil.rpcUrl(), "0x" + "ab".repeat(32), app)).isFalse();
    }

    @Test
    void aMalformedHashIsNotVerifiedAndDoesNotReachTheChain() {
        assertThat(check.verify("http://127.0.0.1:1", "already-registered", app)).isFalse();
        assertThat(check.verify("http://127.0.0.1:1", "0x1234", app)).isFalse();
    }

    @Test
    void aTransactionToAnotherContractIsNotVerified() {
        TransactionReceipt elsewhere = anvil.transact(0, otherApp, bytes32Call("addComposeHash", COMPOSE));

        assertThat(elsewhere.isStatusOK()).isTrue();
        assertThat(check.verify(anvil.rpcUrl(), elsewhere.getTransactionHash(), app)).isFalse();
    }

    @Test
    void aRevertedTransactionToTheAppIsNotVerified() {
        TransactionReceipt reverted = anvil.transact(1, app, bytes32Call("addComposeHash", COMPOSE));

        assertThat(reverted.isStatusOK()).isFalse();
        assertThat(check.verify(anvil.rpcUrl(), reverted.getTransactionHash(), app)).isFalse();
    }

    @Test
    void anUnreachableChainIsChainUnavailable() {
        assertThatThrownBy(() -> check.verify("http://127.0.0.1:1", "0x" + "ab".repeat(32), app))
                .isInstanceOf(ChainUnavailable.class);
    }
}

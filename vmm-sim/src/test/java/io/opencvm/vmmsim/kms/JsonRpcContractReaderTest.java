package io.opencvm.vmmsim.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.testsupport.Anvil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Bool;

/** The reader against a DstackApp deployed on a real anvil chain. */
class JsonRpcContractReaderTest {

    private static final String COMPOSE = "8f3b6c1e0a9d2f4b7c5e1a3d9b0f2e4c6a8d1b3f5e7c9a0b2d4f6e8a1c3b5d7f";
    private static final String OTHER_COMPOSE = "11" + "0".repeat(60) + "22";
    private static final String DEVICE = "d3c1e0a9b7f5d3c1e0a9b7f5d3c1e0a9b7f5d3c1e0a9b7f5d3c1e0a9b7f5d3c1";
    private static Anvil anvil;
    private static JsonRpcContractReader reader;

    @BeforeAll
    static void startChain() {
        anvil = Anvil.start();
        reader = new JsonRpcContractReader(URI.create(anvil.rpcUrl()));
    }

    @AfterAll
    static void stopChain() {
        anvil.close();
    }

    @Test
    void composeHashIsAllowedOnlyAfterTheOwnerAddsIt() {
        String app = anvil.deployDstackApp(false, "", "");

        boolean before = reader.allowedComposeHash(app.substring(2), COMPOSE);
        anvil.transact(app, "addComposeHash", Anvil.bytes32(COMPOSE));

        assertThat(before).isFalse();
        assertThat(reader.allowedComposeHash(app.substring(2), COMPOSE)).isTrue();
        assertThat(reader.allowedComposeHash(app, "0x" + COMPOSE.toUpperCase())).isTrue();
        assertThat(reader.allowedComposeHash(app.substring(2), OTHER_COMPOSE)).isFalse();
    }

    @Test
    void deviceIsAllowedAfterAddDeviceAndEveryDeviceAfterSetAllowAnyDevice() {
        String app = anvil.deployDstackApp(false, "", COMPOSE).substring(2);

        assertThat(reader.allowedDevice(app, DEVICE)).isFalse();
        assertThat(reader.allowAnyDevice(app)).isFalse();

        anvil.transact("0x" + app, "addDevice", Anvil.bytes32(DEVICE));
        assertThat(reader.allowedDevice(app, DEVICE)).isTrue();
        assertThat(reader.allowAnyDevice(app)).isFalse();

        anvil.transact("0x" + app, "setAllowAnyDevice", new Bool(true));
        assertThat(reader.allowAnyDevice(app)).isTrue();
    }

    @Test
    void constructorValuesAndTheTcbFlagAreRead() {
        String app = anvil.deployDstackApp(true, DEVICE, COMPOSE).substring(2);

        assertThat(reader.allowAnyDevice(app)).isTrue();
        assertThat(reader.allowedDevice(app, DEVICE)).isTrue();
        assertThat(reader.allowedComposeHash(app, COMPOSE)).isTrue();
        assertThat(reader.requireTcbUpToDate(app)).isFalse();

        anvil.transact("0x" + app, "setRequireTcbUpToDate", new Bool(true));
        assertThat(reader.requireTcbUpToDate(app)).isTrue();
    }

    @Test
    void shortHexIsLeftAlignedLikeTheCliDeployPath() {
        String app = anvil.deployDstackApp(false, "", "").substring(2);

        anvil.transact("0x" + app, "addComposeHash", Anvil.bytes32("abcd" + "0".repeat(60)));

        assertThat(reader.allowedComposeHash(app, "abcd")).isTrue();
        assertThat(reader.allowedComposeHash(app, "0".repeat(60) + "abcd")).isFalse();
    }

    @Test
    void addressWithoutCodeReadsAsNothingAllowed() {
        String empty = "00000000000000000000000000000000000000aa";

        assertThat(reader.allowedComposeHash(empty, COMPOSE)).isFalse();
        assertThat(reader.allowAnyDevice(empty)).isFalse();
        assertThat(reader.allowedDevice(empty, DEVICE)).isFalse();
        assertThat(reader.requireTcbUpToDate(empty)).isFalse();
    }

    @Test
    void revertingContractReadsAsNothingAllowed() {
        String reverting = "0x00000000000000000000000000000000000000bb";
        anvil.setCode(reverting, "0x60006000fd"); // PUSH1 0 PUSH1 0 REVERT

        assertThat(reader.allowedComposeHash(reverting.substring(2), COMPOSE)).isFalse();
        assertThat(reader.allowAnyDevice(reverting.substring(2))).isFalse();
    }

    @Test
    void kmsContractChecksKeepTheDefaultsBecauseNoKmsContractIsConfigured() {
        assertThat(reader.registeredApp("00000000000000000000000000000000000000aa")).isTrue();
        assertThat(reader.allowedOsImage(COMPOSE)).isTrue();
    }

    @Test
    void unreachableRpcThrowsSayingSo() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        JsonRpcContractReader down = new JsonRpcContractReader(closed);

        assertThatThrownBy(() -> down.allowedComposeHash("00000000000000000000000000000000000000aa", COMPOSE))
                .isInstanceOf(ChainUnavailable.class)
                .hasMessageContaining("Ethereum RPC " + closed + " is unreachable");
    }
}

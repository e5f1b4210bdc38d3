package io.opencvm.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.testsupport.Anvil;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** The allowlist reader against a real DstackApp on a real anvil chain. */
class AppContractTest {

    static final String COMPOSE = "c0".repeat(32);
    static final String DEVICE = "de".repeat(32);

    static Anvil anvil;
    final AppContract reader = new AppContract(new ChainClients());
    String app;

    @BeforeAll
    static void startChain() {
        anvil = Anvil.start();
    }

    @AfterAll
    static void stopChain() {
        anvil.close();
    }

    @BeforeEach
    void deployEmptyApp() {
        app = deployApp(anvil, false, new byte[32], new byte[32]);
    }

    @Test
    void aFreshAppAllowsNothing() {
        assertThat(read()).isEqualTo(new OnchainStatus(false, false, false));
    }

    @Test
    void addingTheComposeHashAndThenTheDeviceAllowsTheBootStepByStep() {
        assertThat(owner(bytes32Call("addComposeHash", COMPOSE)).isStatusOK()).isTrue();
        assertThat(read()).isEqualTo(new OnchainStatus(true, false, false));

        assertThat(owner(bytes32Call("addDevice", DEVICE)).isStatusOK()).isTrue();
        assertThat(read()).isEqualTo(new OnchainStatus(true, true, true));

        owner(bytes32Call("removeDevice", DEVICE));
        assertThat(read()).isEqualTo(new OnchainStatus(true, false, false));
    }

    @Test
    void allowAnyDeviceAllowsADeviceThatIsNotListed() {
        owner(new Function("setAllowAnyDevice", List.of(new Bool(true)), List.of()));
        assertThat(read()).isEqualTo(new OnchainStatus(false, true, false));

        owner(bytes32Call("addComposeHash", COMPOSE));
        assertThat(read()).isEqualTo(new OnchainStatus(true, true, true));
    }

    @Test
    void aNonOwnersAddRevertsAndChangesNothing() {
        TransactionReceipt receipt = anvil.transact(1, app, bytes32Call("addComposeHash", COMPOSE));

        assertThat(receipt.isStatusOK()).isFalse();
        assertThat(read()).isEqualTo(new OnchainStatus(false, false, false));
    }

    @Test
    void constructorArgumentsSeedTheAllowlistAndZeroValuesAreSkipped() {
        String seeded = deployApp(anvil, false, hex(DEVICE), hex(COMPOSE));
        assertThat(reader.read(anvil.rpcUrl(), seeded, COMPOSE, DEVICE)).isEqualTo(new OnchainStatus(true, true, true));
        assertThat(reader.read(anvil.rpcUrl(), seeded, "00".repeat(32), "00".repeat(32)))
                .isEqualTo(new OnchainStatus(false, false, false));
    }

    @Test
    void hexWithOrWithoutPrefixAndShortHexAreReadLeftAligned() {
        owner(bytes32Call("addComposeHash", "abcd" + "00".repeat(30)));
        owner(bytes32Call("addDevice", DEVICE));

        assertThat(reader.read(anvil.rpcUrl(), app.substring(2), "0xabcd", "0x" + DEVICE).isAllowed()).isTrue();
        assertThat(reader.read(anvil.rpcUrl(), app, "abcd", DEVICE.toUpperCase()).isAllowed()).isTrue();
    }

    @Test
    void anAddressWithoutContractReadsAsNothingAllowed() {
        String empty = "0x000000000000000000000000000000000000dead";
        assertThat(reader.read(anvil.rpcUrl(), empty, COMPOSE, DEVICE)).isEqualTo(new OnchainStatus(false, false, false));
    }

    @Test
    void anUnreachableChainIsChainUnavailableNotARefusal() {
        assertThatThrownBy(() -> reader.read("http://127.0.0.1:1", app, COMPOSE, DEVICE))
                .isInstanceOf(ChainUnavailable.class);
    }

    @Test
    void theOwnerIsReadAndItsKindToldByItsCode() {
        assertThat(reader.owner(anvil.rpcUrl(), app)).contains(anvil.address(0).toLowerCase());
        assertThat(reader.kindOf(anvil.rpcUrl(), anvil.address(0))).isEqualTo(DeployerKind.EOA);
        String ownedByAContract = anvil.deploy("DstackApp", new Address(app), new Bool(false), new Bytes32(new byte[32]),
                new Bytes32(new byte[32]));
        assertThat(reader.owner(anvil.rpcUrl(), ownedByAContract.substring(2))).contains(app.toLowerCase());
        assertThat(reader.kindOf(anvil.rpcUrl(), app)).isEqualTo(DeployerKind.CONTRACT);
        assertThat(reader.owner(anvil.rpcUrl(), "0x000000000000000000000000000000000000dead")).isEmpty();
        assertThatThrownBy(() -> reader.owner("http://127.0.0.1:1", app)).isInstanceOf(ChainUnavailable.class);
    }

    private OnchainStatus read() {
        return reader.read(anvil.rpcUrl(), app, COMPOSE, DEVICE);
    }

    private TransactionReceipt owner(Function function) {
        return anvil.transact(0, app, function);
    }

    static Function bytes32Call(String name, String hex) {
        return new Function(name, List.of(new Bytes32(hex(hex))), List.of());
    }

    static byte[] hex(String hex) {
        return Numeric.hexStringToByteArray(hex);
    }

    /** A DstackApp owned by dev account 0. */
    static String deployApp(Anvil anvil, boolean allowAnyDevice, byte[] deviceId, byte[] composeHash) {
        return anvil.deploy("DstackApp", new Address(anvil.address(0)), new Bool(allowAnyDevice),
                new Bytes32(deviceId), new Bytes32(composeHash));
    }
}

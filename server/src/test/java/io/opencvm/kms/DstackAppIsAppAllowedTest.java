package io.opencvm.kms;

import static io.opencvm.kms.AppContractTest.bytes32Call;
import static io.opencvm.kms.AppContractTest.deployApp;
import static io.opencvm.kms.AppContractTest.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Anvil;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;

/** isAppAllowed answers with dstack's reasons, first failing check first. */
class DstackAppIsAppAllowedTest {

    static final String COMPOSE = "c1".repeat(32);
    static final String DEVICE = "d1".repeat(32);
    static final String OTHER = "ee".repeat(32);

    static Anvil anvil;
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
    void deployAppAllowingComposeOnDevice() {
        app = deployApp(anvil, false, hex(DEVICE), hex(COMPOSE));
    }

    @Test
    void theStructEncodingHasTheIAppAuthSelector() {
        assertThat(FunctionEncoder.encode(isAppAllowed(COMPOSE, DEVICE, "UpToDate"))).startsWith("0x1e079198");
    }

    @Test
    void anAllowedHashOnAnAllowedDeviceBootsWithAnEmptyReason() {
        assertThat(ask(COMPOSE, DEVICE, "OutOfDate")).containsExactly(true, "");
    }

    @Test
    void anUnknownComposeHashIsRefused() {
        assertThat(ask(OTHER, DEVICE, "UpToDate")).containsExactly(false, "Compose hash not allowed");
    }

    @Test
    void anUnknownDeviceIsRefusedUntilAnyDeviceIsAllowed() {
        assertThat(ask(COMPOSE, OTHER, "UpToDate")).containsExactly(false, "Device not allowed");

        anvil.transact(0, app, new Function("setAllowAnyDevice", List.of(new Bool(true)), List.of()));
        assertThat(ask(COMPOSE, OTHER, "UpToDate")).containsExactly(true, "");
    }

    @Test
    void aRequiredUpToDateTcbIsCheckedBeforeEverythingElse() {
        anvil.transact(0, app, new Function("setRequireTcbUpToDate", List.of(new Bool(true)), List.of()));

        assertThat(ask(OTHER, OTHER, "OutOfDate")).containsExactly(false, "TCB status is not up to date");
        assertThat(ask(OTHER, OTHER, "UpToDate")).containsExactly(false, "Compose hash not allowed");
        assertThat(ask(COMPOSE, DEVICE, "UpToDate")).containsExactly(true, "");
    }

    @Test
    void aRemovedComposeHashIsRefusedAgain() {
        anvil.transact(0, app, bytes32Call("removeComposeHash", COMPOSE));
        assertThat(ask(COMPOSE, DEVICE, "UpToDate")).containsExactly(false, "Compose hash not allowed");
    }

    private List<Object> ask(String composeHash, String deviceId, String tcbStatus) {
        return anvil.call(app, isAppAllowed(composeHash, deviceId, tcbStatus)).stream()
                .map(Type::getValue).map(Object.class::cast).toList();
    }

    @SuppressWarnings("unchecked")
    private Function isAppAllowed(String composeHash, String deviceId, String tcbStatus) {
        Bytes32 zero = new Bytes32(new byte[32]);
        DynamicStruct bootInfo = new DynamicStruct(new Address(app),
                new Bytes32(hex(composeHash)), Address.DEFAULT, new Bytes32(hex(deviceId)), zero, zero, zero,
                new Utf8String(tcbStatus), new DynamicArray<>(Utf8String.class, List.of(new Utf8String("INTEL-SA-00001"))));
        return new Function("isAppAllowed", List.of(bootInfo),
                List.of(new TypeReference<Bool>() { }, new TypeReference<Utf8String>() { }));
    }
}

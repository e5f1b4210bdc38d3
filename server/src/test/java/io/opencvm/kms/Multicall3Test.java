package io.opencvm.kms;

import static io.opencvm.kms.AppContractTest.bytes32Call;
import static io.opencvm.kms.AppContractTest.deployApp;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Anvil;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.utils.Numeric;

/**
 * The Multicall3 installed at the canonical address answers the batch the phala CLI sends before
 * registering a replica (docs/onchain-flow.md): viem's aggregate3 with allowFailure on every call.
 * Runs on chain id 1, where viem (and so the CLI) uses the canonical Multicall3.
 */
class Multicall3Test {

    static final String COMPOSE = "c3".repeat(32);
    static final String DEVICE = "d3".repeat(32);

    static Anvil anvil;
    static String app;

    @BeforeAll
    static void startChain() {
        anvil = Anvil.start(1);
        anvil.installMulticall3();
        app = deployApp(anvil, false, new byte[32], new byte[32]);
        anvil.transact(0, app, bytes32Call("addComposeHash", COMPOSE));
    }

    @AfterAll
    static void stopChain() {
        anvil.close();
    }

    @Test
    void aggregate3HasTheCanonicalSelector() {
        assertThat(FunctionEncoder.encode(aggregate3(List.of(call(app, "allowAnyDevice", List.of()))))).startsWith("0x82ad56cb");
    }

    @Test
    void theClisThreeReadsComeBackInOrder() {
        List<Result> results = run(List.of(
                call(app, "allowAnyDevice", List.of()),
                call(app, "allowedDeviceIds", List.of(Bytes32Arg.of(DEVICE))),
                call(app, "allowedComposeHashes", List.of(Bytes32Arg.of(COMPOSE)))));

        assertThat(results).extracting(Result::ok).containsExactly(true, true, true);
        assertThat(results).extracting(Result::bool).containsExactly(false, false, true);
    }

    @Test
    void aFailingCallThatAllowsFailureIsReportedWithoutFailingTheBatch() {
        List<Result> results = run(List.of(
                call(app, "addComposeHash", List.of(Bytes32Arg.of(COMPOSE))),
                call(app, "allowedComposeHashes", List.of(Bytes32Arg.of(COMPOSE)))));

        assertThat(results).extracting(Result::ok).containsExactly(false, true);
        assertThat(results.get(1).bool()).isTrue();
    }

    private static List<Result> run(List<Call3> calls) {
        @SuppressWarnings("rawtypes")
        List<Type> out = anvil.call(Anvil.MULTICALL3_ADDRESS, aggregate3(calls));
        @SuppressWarnings("unchecked")
        List<Result> results = ((DynamicArray<Result>) out.get(0)).getValue();
        return results;
    }

    private static Call3 call(String target, String name, List<Type> args) {
        String data = FunctionEncoder.encode(new Function(name, args, List.of()));
        return new Call3(new Address(target), new Bool(true), new DynamicBytes(Numeric.hexStringToByteArray(data)));
    }

    private static Function aggregate3(List<Call3> calls) {
        return new Function("aggregate3", List.of(new DynamicArray<>(Call3.class, calls)),
                List.of(new TypeReference<DynamicArray<Result>>() { }));
    }

    /** Multicall3.Call3 {address target; bool allowFailure; bytes callData}. */
    public static class Call3 extends DynamicStruct {
        public Call3(Address target, Bool allowFailure, DynamicBytes callData) {
            super(target, allowFailure, callData);
        }
    }

    /** Multicall3.Result {bool success; bytes returnData}. */
    public static class Result extends DynamicStruct {
        private final boolean ok;
        private final byte[] data;

        public Result(Bool success, DynamicBytes returnData) {
            super(success, returnData);
            this.ok = success.getValue();
            this.data = returnData.getValue();
        }

        boolean ok() {
            return ok;
        }

        /** The call's return value decoded as one {@code bool}. */
        boolean bool() {
            return data.length == 32 && data[31] == 1;
        }
    }
}

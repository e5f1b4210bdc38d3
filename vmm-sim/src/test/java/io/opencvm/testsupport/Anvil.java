package io.opencvm.testsupport;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.utils.Numeric;

/**
 * The one local chain of the tests (the simulator's and the server's): a real anvil dev chain on a free loopback
 * port, started from the binary that {@code tools/evm} installs ({@link AnvilProcess}). Accounts come from the
 * well-known test mnemonic, funded by anvil at genesis; transactions are signed with web3j. Every wait is bounded
 * ({@link Await}); anvil's console output (which lists the dev keys) is drained and discarded, never logged.
 */
public final class Anvil implements AutoCloseable {

    public static final long DEFAULT_CHAIN_ID = 31337;
    /** Where viem's multicall looks for Multicall3 on every chain that has it. */
    public static final String MULTICALL3_ADDRESS = "0xcA11bde05977b3631167028862bE2a173976CA11";
    private static final String MNEMONIC = "test test test test test test test test test test test junk";
    private static final int ACCOUNTS = 4;
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(5_000_000);
    private static final Duration RECEIPT_DEADLINE = Duration.ofSeconds(15);

    private final AnvilProcess process;
    private final String rpcUrl;
    private final long chainId;
    private final Web3j web3j;
    private final HttpService http;
    private final List<Credentials> accounts;

    private Anvil(AnvilProcess process, long chainId) {
        this.process = process;
        this.rpcUrl = process.rpcUrl();
        this.chainId = chainId;
        this.http = new HttpService(rpcUrl);
        this.web3j = Web3j.build(http);
        this.accounts = deriveAccounts();
    }

    public static Anvil start() {
        return start(DEFAULT_CHAIN_ID);
    }

    /**
     * A chain with {@code chainId}. 31337 is what a test KMS normally advertises; 1 or 8453 make viem
     * (and so the phala CLI) use a chain definition that knows Multicall3 — see docs/onchain-flow.md.
     */
    public static Anvil start(long chainId) {
        AnvilProcess process = AnvilProcess.start("--chain-id", Long.toString(chainId), "--mnemonic", MNEMONIC,
                "--accounts", Integer.toString(ACCOUNTS));
        try {
            Anvil anvil = new Anvil(process, chainId);
            anvil.awaitChainId();
            return anvil;
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    public long chainId() {
        return chainId;
    }

    public Web3j web3j() {
        return web3j;
    }

    /** Dev account {@code index} (0 deploys by default); funded with 10 000 ETH at genesis. */
    public Credentials account(int index) {
        return accounts.get(index);
    }

    public String address(int index) {
        return accounts.get(index).getAddress();
    }

    /** The 0x-prefixed private key of dev account {@code index}, e.g. for the CLI's --private-key. */
    public String privateKey(int index) {
        return Numeric.toHexStringWithPrefixZeroPadded(accounts.get(index).getEcKeyPair().getPrivateKey(), 64);
    }

    /** Deploys {@code contracts/<contractName>.json} from account 0; returns the new contract's address. */
    public String deploy(String contractName, Type<?>... constructorArgs) {
        ContractArtifact artifact = ContractArtifact.load(contractName);
        String data = artifact.bytecode() + FunctionEncoder.encodeConstructor(Arrays.asList(constructorArgs));
        TransactionReceipt receipt = send(0, null, data);
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException("deploying " + contractName + " failed: " + receipt.getRevertReason());
        }
        return receipt.getContractAddress();
    }

    /**
     * Deploys {@code contracts/DstackApp.sol} from account 0, owned by it; zero (empty) initial ids are skipped by
     * the constructor. Returns the contract's address, which is the app id, as {@code 0x} + 40 lower-case hex.
     */
    public String deployDstackApp(boolean allowAnyDevice, String initialDeviceId, String initialComposeHash) {
        return deploy("DstackApp", new Address(address(0)), new Bool(allowAnyDevice), bytes32(initialDeviceId),
                bytes32(initialComposeHash)).toLowerCase(Locale.ROOT);
    }

    /** Sends {@code name(args)} (no return values) to {@code to} from account 0; fails unless the receipt succeeded. */
    public TransactionReceipt transact(String to, String name, Type<?>... args) {
        TransactionReceipt receipt = transact(0, to, new Function(name, List.of(args), List.of()));
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException(name + " on " + to + " failed: " + receipt.getRevertReason());
        }
        return receipt;
    }

    /** A 64-hex value (with or without {@code 0x}; empty means zero) as a {@code bytes32}. */
    public static Bytes32 bytes32(String hex) {
        String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
        return new Bytes32(Numeric.hexStringToByteArray(digits.isEmpty() ? "0".repeat(64) : digits));
    }

    /** Sends {@code function} to {@code to} from dev account {@code account}; the mined receipt, success or not. */
    public TransactionReceipt transact(int account, String to, Function function) {
        return send(account, to, FunctionEncoder.encode(function));
    }

    /** An {@code eth_call} of {@code function} on {@code to}, decoded; a revert throws. */
    @SuppressWarnings("rawtypes")
    public List<Type> call(String to, Function function) {
        EthCall result = request(() -> web3j.ethCall(Transaction.createEthCallTransaction(null, to,
                FunctionEncoder.encode(function)), DefaultBlockParameterName.LATEST).send());
        if (result.hasError()) {
            throw new IllegalStateException("eth_call reverted: " + result.getError().getMessage());
        }
        return FunctionReturnDecoder.decode(result.getValue(), function.getOutputParameters());
    }

    /** Replaces the code at {@code address} ({@code anvil_setCode}); {@code hex} is runtime bytecode. */
    public void setCode(String address, String hex) {
        VoidResponse response = request(() -> new Request<>("anvil_setCode", List.of(address, hex), http,
                VoidResponse.class).send());
        if (response.hasError()) {
            throw new IllegalStateException("anvil_setCode failed: " + response.getError().getMessage());
        }
    }

    /** Installs opencvm's own Multicall3 (aggregate3) at the canonical address viem calls. */
    public void installMulticall3() {
        setCode(MULTICALL3_ADDRESS, ContractArtifact.load("Multicall3").deployedBytecode());
    }

    @Override
    public void close() {
        web3j.shutdown();
        process.close();
    }

    private TransactionReceipt send(int account, String to, String data) {
        RawTransactionManager sender = new RawTransactionManager(web3j, accounts.get(account), chainId);
        EthSendTransaction sent = request(() -> sender.sendTransaction(
                web3j.ethGasPrice().send().getGasPrice(), GAS_LIMIT, to, data, BigInteger.ZERO));
        if (sent.hasError()) {
            throw new IllegalStateException("transaction rejected: " + sent.getError().getMessage());
        }
        return awaitReceipt(sent.getTransactionHash());
    }

    private TransactionReceipt awaitReceipt(String txHash) {
        return Await.until(() -> request(() -> web3j.ethGetTransactionReceipt(txHash).send()).getTransactionReceipt(),
                Optional::isPresent, RECEIPT_DEADLINE)
                .orElseThrow(() -> new IllegalStateException("no receipt for " + txHash + " within " + RECEIPT_DEADLINE));
    }

    private void awaitChainId() {
        if (!Await.until(this::answersChainId, answers -> answers, AnvilProcess.START_DEADLINE)) {
            throw new IllegalStateException("anvil did not answer eth_chainId within " + AnvilProcess.START_DEADLINE);
        }
    }

    private boolean answersChainId() {
        try {
            return web3j.ethChainId().send().getChainId().longValue() == chainId;
        } catch (IOException | RuntimeException notYet) {
            return false;
        }
    }

    private static List<Credentials> deriveAccounts() {
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(MNEMONIC, ""));
        List<Credentials> derived = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            // m/44'/60'/0'/0/i, the path anvil derives its dev accounts with
            int[] path = {44 | Bip32ECKeyPair.HARDENED_BIT, 60 | Bip32ECKeyPair.HARDENED_BIT,
                Bip32ECKeyPair.HARDENED_BIT, 0, i};
            derived.add(Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path)));
        }
        return List.copyOf(derived);
    }

    private static <T> T request(IoCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new IllegalStateException("anvil JSON-RPC failed: " + e.getMessage(), e);
        }
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }
}

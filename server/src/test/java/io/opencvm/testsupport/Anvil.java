package io.opencvm.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
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
 * A real anvil dev chain on a free loopback port, started from the binary that {@code tools/evm}
 * installs. Accounts come from the well-known test mnemonic, funded by anvil at genesis. Every
 * wait is bounded; the process is killed by {@link #close()} or, failing that, a shutdown hook.
 * Anvil's console output (which lists the dev keys) is drained and discarded, never logged.
 */
public final class Anvil implements AutoCloseable {

    public static final long DEFAULT_CHAIN_ID = 31337;
    /** Where viem's multicall looks for Multicall3 on every chain that has it. */
    public static final String MULTICALL3_ADDRESS = "0xcA11bde05977b3631167028862bE2a173976CA11";
    private static final String MNEMONIC = "test test test test test test test test test test test junk";
    private static final int ACCOUNTS = 4;
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(5_000_000);
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final Duration RECEIPT_DEADLINE = Duration.ofSeconds(15);
    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");

    private final Process process;
    private final Thread shutdownHook;
    private final String rpcUrl;
    private final long chainId;
    private final Web3j web3j;
    private final HttpService http;
    private final List<Credentials> accounts;

    private Anvil(Process process, String rpcUrl, long chainId) {
        this.process = process;
        this.rpcUrl = rpcUrl;
        this.chainId = chainId;
        this.http = new HttpService(rpcUrl);
        this.web3j = Web3j.build(http);
        this.accounts = deriveAccounts();
        this.shutdownHook = new Thread(process::destroyForcibly, "anvil-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Anvil start() {
        return start(DEFAULT_CHAIN_ID);
    }

    /**
     * A chain with {@code chainId}. 31337 is what a test KMS normally advertises; 1 or 8453 make viem
     * (and so the phala CLI) use a chain definition that knows Multicall3 — see docs/onchain-flow.md.
     */
    public static Anvil start(long chainId) {
        List<String> command = List.of(binary().toString(), "--host", "127.0.0.1", "--port", "0",
                "--chain-id", Long.toString(chainId), "--mnemonic", MNEMONIC, "--accounts", Integer.toString(ACCOUNTS));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start anvil", e);
        }
        try {
            int port = awaitListening(process);
            Anvil anvil = new Anvil(process, "http://127.0.0.1:" + port, chainId);
            anvil.awaitChainId();
            return anvil;
        } catch (RuntimeException e) {
            process.destroyForcibly();
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
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing left to undo
        }
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
        Instant deadline = Instant.now().plus(RECEIPT_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            Optional<TransactionReceipt> receipt = request(() -> web3j.ethGetTransactionReceipt(txHash).send())
                    .getTransactionReceipt();
            if (receipt.isPresent()) {
                return receipt.get();
            }
            pause();
        }
        throw new IllegalStateException("no receipt for " + txHash + " within " + RECEIPT_DEADLINE);
    }

    private void awaitChainId() {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (web3j.ethChainId().send().getChainId().longValue() == chainId) {
                    return;
                }
            } catch (IOException | RuntimeException notYet) {
                // not answering yet
            }
            pause();
        }
        throw new IllegalStateException("anvil did not answer eth_chainId within " + START_DEADLINE);
    }

    /** Reads anvil's console until it names its port; the rest of the output is drained and dropped. */
    private static int awaitListening(Process process) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(2)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("anvil exited before listening"));
        }, "anvil-output");
        drain.setDaemon(true);
        drain.start();
        try {
            return port.get(START_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("anvil did not start listening within " + START_DEADLINE, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("anvil failed to start: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting anvil", e);
        }
    }

    /** The platform binary from tools/evm/node_modules, found by walking up from the working directory. */
    private static Path binary() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "amd64";
        Path relative = Path.of("tools", "evm", "node_modules", "@foundry-rs", "anvil-" + os + "-" + arch,
                "bin", "anvil");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath()
                + "; the Maven generate-test-resources phase installs it (npm ci in tools/evm)");
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

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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

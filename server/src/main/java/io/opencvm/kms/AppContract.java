package io.opencvm.kms;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

/**
 * Reads a DstackApp contract's allowlist: the same three views the phala CLI reads before it
 * registers a replica ({@code allowAnyDevice}, {@code allowedDeviceIds}, {@code allowedComposeHashes}); and its
 * owner, with what kind of account that is.
 */
@Component
public class AppContract {

    private final ChainClients chains;

    AppContract(ChainClients chains) {
        this.chains = chains;
    }

    /**
     * Whether {@code composeHashHex} may boot on {@code deviceIdHex} under the app contract at
     * {@code appAddress}. A view that reverts or returns nothing (no contract there) counts as
     * {@code false}, as it does in the CLI's multicall; an unreachable chain throws {@link ChainUnavailable}.
     */
    public OnchainStatus read(String rpcUrl, String appAddress, String composeHashHex, String deviceIdHex) {
        Web3j web3j = chains.forUrl(rpcUrl);
        String app = appAddress.startsWith("0x") ? appAddress : "0x" + appAddress;
        boolean composeHash = view(web3j, app, "allowedComposeHashes", List.of(Bytes32Arg.of(composeHashHex)));
        boolean anyDevice = view(web3j, app, "allowAnyDevice", List.of());
        boolean device = view(web3j, app, "allowedDeviceIds", List.of(Bytes32Arg.of(deviceIdHex)));
        return OnchainStatus.of(composeHash, anyDevice, device);
    }

    /**
     * What the app contract at {@code appAddress} says of each device (64 hex): {@code allowAnyDevice}, and per device
     * {@code allowedDeviceIds}. An unreachable chain throws {@link ChainUnavailable}.
     */
    public DeviceAllowance devices(String rpcUrl, String appAddress, List<String> deviceIdsHex) {
        Web3j web3j = chains.forUrl(rpcUrl);
        String app = appAddress.startsWith("0x") ? appAddress : "0x" + appAddress;
        boolean anyDevice = view(web3j, app, "allowAnyDevice", List.of());
        java.util.Map<String, Boolean> allowed = new java.util.LinkedHashMap<>();
        for (String device : deviceIdsHex) {
            allowed.put(device, view(web3j, app, "allowedDeviceIds", List.of(Bytes32Arg.of(device))));
        }
        return new DeviceAllowance(anyDevice, allowed);
    }

    /**
     * {@code name(bytes32)} of the contract at {@code address} for each key (64 hex); empty when no code is there
     * (nothing to ask). An unreachable chain throws {@link ChainUnavailable}.
     */
    public java.util.Optional<java.util.Map<String, Boolean>> flags(String rpcUrl, String address, String name,
                                                                   List<String> keysHex) {
        Web3j web3j = chains.forUrl(rpcUrl);
        try {
            String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
            if (code == null || code.equals("0x") || code.isEmpty()) {
                return java.util.Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            throw new ChainUnavailable("eth_getCode on " + address + " failed: " + e.getMessage(), e);
        }
        java.util.Map<String, Boolean> out = new java.util.LinkedHashMap<>();
        for (String key : keysHex) {
            out.put(key, view(web3j, address, name, List.of(Bytes32Arg.of(key))));
        }
        return java.util.Optional.of(out);
    }

    /**
     * The app contract's {@code owner()}, the account that may change its allowlist ({@code 0x} and 40 lower-case
     * hex); empty when there is no contract there or it has no owner view. An unreachable chain throws
     * {@link ChainUnavailable}.
     */
    public Optional<String> owner(String rpcUrl, String appAddress) {
        Web3j web3j = chains.forUrl(rpcUrl);
        String app = appAddress.startsWith("0x") ? appAddress : "0x" + appAddress;
        Function function = new Function("owner", List.of(), List.of(new TypeReference<Address>() { }));
        return call(web3j, app, function).map(out -> ((Address) out.get(0)).getValue().toLowerCase(Locale.ROOT))
                .filter(owner -> !owner.equals("0x" + "0".repeat(40)));
    }

    /**
     * What kind of account {@code address} is: no code is an EOA; a contract is told apart by the view only its kind
     * has ({@code getThreshold()} of a Safe, {@code entryPoint()} of an ERC-4337 account, {@code required()} of the
     * older MultiSigWallet). An unreachable chain throws {@link ChainUnavailable}.
     */
    public DeployerKind kindOf(String rpcUrl, String address) {
        Web3j web3j = chains.forUrl(rpcUrl);
        String code;
        try {
            code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
        } catch (IOException | RuntimeException e) {
            throw new ChainUnavailable("eth_getCode on " + address + " failed: " + e.getMessage(), e);
        }
        if (code == null || code.isEmpty() || code.equals("0x")) {
            return DeployerKind.EOA;
        }
        if (answers(web3j, address, "getThreshold", new TypeReference<Uint256>() { })) {
            return DeployerKind.SAFE;
        }
        if (answers(web3j, address, "entryPoint", new TypeReference<Address>() { })) {
            return DeployerKind.ERC4337;
        }
        if (answers(web3j, address, "required", new TypeReference<Uint256>() { })) {
            return DeployerKind.LEGACY_MULTISIG;
        }
        return DeployerKind.CONTRACT;
    }

    private static <T extends Type> boolean answers(Web3j web3j, String address, String name, TypeReference<T> output) {
        return call(web3j, address, new Function(name, List.of(), List.of(output))).isPresent();
    }

    private static boolean view(Web3j web3j, String app, String name, List<Type> args) {
        Function function = new Function(name, args, List.of(new TypeReference<Bool>() { }));
        return call(web3j, app, function).map(out -> Boolean.TRUE.equals(out.get(0).getValue())).orElse(false);
    }

    /** The decoded outputs of a view; empty when it reverts or returns nothing (no such function, no contract). */
    private static Optional<List<Type>> call(Web3j web3j, String to, Function function) {
        EthCall call;
        try {
            call = web3j.ethCall(Transaction.createEthCallTransaction(null, to, FunctionEncoder.encode(function)),
                    DefaultBlockParameterName.LATEST).send();
        } catch (IOException | RuntimeException e) {
            throw new ChainUnavailable("eth_call " + function.getName() + " on " + to + " failed: " + e.getMessage(), e);
        }
        if (call.hasError()) {
            if (reverted(call)) {
                return Optional.empty();
            }
            throw new ChainUnavailable("eth_call " + function.getName() + " on " + to + " answered: "
                    + call.getError().getMessage(), null);
        }
        if (call.getValue() == null || call.getValue().length() < 2 + 64) {
            return Optional.empty();
        }
        List<Type> out = FunctionReturnDecoder.decode(call.getValue(), function.getOutputParameters());
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    /** JSON-RPC code 3 is "execution reverted" (EIP-1474); some nodes only say it in the message. */
    private static boolean reverted(EthCall call) {
        String message = call.getError().getMessage();
        return call.getError().getCode() == 3 || (message != null && message.contains("revert"));
    }
}

package io.opencvm.kms;

import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

/**
 * Reads a DstackApp contract's allowlist: the same three views the phala CLI reads before it
 * registers a replica ({@code allowAnyDevice}, {@code allowedDeviceIds}, {@code allowedComposeHashes}).
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

    private static boolean view(Web3j web3j, String app, String name, List<Type> args) {
        Function function = new Function(name, args, List.of(new TypeReference<Bool>() { }));
        EthCall call;
        try {
            call = web3j.ethCall(Transaction.createEthCallTransaction(null, app, FunctionEncoder.encode(function)),
                    DefaultBlockParameterName.LATEST).send();
        } catch (IOException | RuntimeException e) {
            throw new ChainUnavailable("eth_call " + name + " on " + app + " failed: " + e.getMessage(), e);
        }
        if (call.hasError()) {
            if (reverted(call)) {
                return false;
            }
            throw new ChainUnavailable("eth_call " + name + " on " + app + " answered: "
                    + call.getError().getMessage(), null);
        }
        if (call.getValue() == null) {
            return false;
        }
        List<Type> out = FunctionReturnDecoder.decode(call.getValue(), function.getOutputParameters());
        return !out.isEmpty() && Boolean.TRUE.equals(out.get(0).getValue());
    }

    /** JSON-RPC code 3 is "execution reverted" (EIP-1474); some nodes only say it in the message. */
    private static boolean reverted(EthCall call) {
        String message = call.getError().getMessage();
        return call.getError().getCode() == 3 || (message != null && message.contains("revert"));
    }
}

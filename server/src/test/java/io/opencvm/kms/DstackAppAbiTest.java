package io.opencvm.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ContractArtifact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.crypto.Hash;
import tools.jackson.databind.JsonNode;

/** The compiled DstackApp exposes exactly the selectors and event topics of dstack's DstackApp contract, which the KMS and the CLI call. */
class DstackAppAbiTest {

    private static final Map<String, String> FUNCTIONS = hashes("function", 10);
    private static final Map<String, String> EVENTS = hashes("event", 66);

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            isAppAllowed((address,bytes32,address,bytes32,bytes32,bytes32,bytes32,string,string[])) | 0x1e079198
            addComposeHash(bytes32)        | 0xdfc77223
            removeComposeHash(bytes32)     | 0x67b3f22c
            addDevice(bytes32)             | 0x2a819728
            removeDevice(bytes32)          | 0x1d266200
            setAllowAnyDevice(bool)        | 0x7c4beeb8
            allowAnyDevice()               | 0x3440a16a
            allowedComposeHashes(bytes32)  | 0x2f6622e5
            allowedDeviceIds(bytes32)      | 0xbf8b211b
            setRequireTcbUpToDate(bool)    | 0x6e4c7422
            requireTcbUpToDate()           | 0x0aa58c83
            owner()                        | 0x8da5cb5b
            """)
    void everyFunctionOfTheReferenceTableIsInTheContractWithItsSelector(String signature, String selector) {
        assertThat(FUNCTIONS).containsEntry(signature, selector);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ComposeHashAdded(bytes32)  | 0xfecb34306dd9d8b785b54d65489d06afc8822a0893ddacedff40c50a4942d0af
            DeviceAdded(bytes32)       | 0x67fc71ab96fe3fa3c6f78e9a00e635d591b7333ce611c0380bc577aac702243b
            DeviceRemoved(bytes32)     | 0xe0862975ac517b0478d308012afabc4bc37c23874a18144d7f2dfb852ff95c2c
            AllowAnyDeviceSet(bool)    | 0xbb2cdb6c7b362202d40373f87bc4788301cca658f91711ac1662e1ad2cba4a20
            """)
    void everyAllowlistEventOfTheReferenceTableIsInTheContractWithItsTopic(String signature, String topic) {
        assertThat(EVENTS).containsEntry(signature, topic);
    }

    @Test
    void theRemainingEventsOfDstackAppAreDeclaredToo() {
        assertThat(EVENTS).containsKeys("ComposeHashRemoved(bytes32)", "RequireTcbUpToDateSet(bool)");
    }

    /** Canonical signature → Keccak prefix, built from the ABI solc produced (tuples expanded). */
    private static Map<String, String> hashes(String kind, int hexChars) {
        List<JsonNode> entries = new ArrayList<>();
        ContractArtifact.load("DstackApp").abi().forEach(entries::add);
        return entries.stream()
                .filter(e -> kind.equals(e.get("type").asString()))
                .map(e -> e.get("name").asString() + types(e.get("inputs")))
                .collect(Collectors.toMap(s -> s, s -> Hash.sha3String(s).substring(0, hexChars)));
    }

    private static String types(JsonNode params) {
        List<String> types = new ArrayList<>();
        for (JsonNode p : params) {
            String type = p.get("type").asString();
            types.add(type.startsWith("tuple") ? types(p.get("components")) + type.substring(5) : type);
        }
        return "(" + String.join(",", types) + ")";
    }
}

package io.opencvm.cvm;

import io.opencvm.testsupport.Anvil;
import io.opencvm.testsupport.TestNodes;
import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Test fixture for on-chain apps: a development KMS (the nodes' own), an on-chain KMS simulator that
 * reads app contracts on {@code anvil}, and two simulated nodes registered with their real device ids.
 * Dev account 0 owns the app contracts it deploys.
 */
final class OnchainFleet implements AutoCloseable {

    static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    final Anvil anvil;
    final KmsSimulator devKms;
    final KmsSimulator chainKms;
    final VmmSimulator simA;
    final VmmSimulator simB;
    final String chainKmsId;
    final long chainKmsPk;
    final long nodeA;
    final long nodeB;

    private OnchainFleet(Anvil anvil, JdbcClient jdbc, long seq) {
        this.anvil = anvil;
        devKms = KmsSimulator.start(KmsProfile.defaults());
        chainKms = KmsSimulator.start(KmsProfile.onChain(URI.create(anvil.rpcUrl()), anvil.chainId()));
        simA = node("oc-a-" + seq);
        simB = node("oc-b-" + seq);
        TestNodes nodes = new TestNodes(jdbc);
        long devKmsPk = nodes.devKms("kms-dev-" + seq, devKms.baseUri().toString());
        jdbc.sql("UPDATE kms SET is_default = FALSE WHERE id <> ?").param(devKmsPk).update();
        chainKmsId = "kms-eth-" + seq;
        jdbc.sql("""
                INSERT INTO kms (public_id, slug, url, version, chain_id, kms_contract_address, gateway_app_id, rpc_url,
                                 is_default, created_at)
                VALUES (?, ?, ?, 'v0.5.4', ?, ?, 'any', ?, FALSE, ?)""")
                .params(chainKmsId, chainKmsId, chainKms.baseUri().toString(), anvil.chainId(), ZERO_ADDRESS,
                        anvil.rpcUrl(), OffsetDateTime.now(ZoneOffset.UTC)).update();
        chainKmsPk = jdbc.sql("SELECT id FROM kms WHERE public_id = ?").param(chainKmsId).query(Long.class).single();
        nodeA = register(jdbc, nodes, simA, devKmsPk);
        nodeB = register(jdbc, nodes, simB, devKmsPk);
    }

    static OnchainFleet start(Anvil anvil, JdbcClient jdbc, long seq) {
        return new OnchainFleet(anvil, jdbc, seq);
    }

    private VmmSimulator node(String name) {
        return VmmSimulator.start(NodeProfile.defaults(name).toBuilder().timings(BootTimings.instant())
                .kmsUrl(devKms.baseUri().toString()).build());
    }

    private static long register(JdbcClient jdbc, TestNodes nodes, VmmSimulator sim, long kmsPk) {
        long id = nodes.node(sim.profile().name(), sim.baseUri().toString(), kmsPk, 8, 16384, 10, CvmTestBase.IMAGE);
        jdbc.sql("UPDATE nodes SET device_id = ? WHERE id = ?").params(sim.profile().deviceId(), id).update();
        return id;
    }

    String deviceA() {
        return simA.profile().deviceId();
    }

    String deviceB() {
        return simB.profile().deviceId();
    }

    /** A DstackApp owned by dev account 0 that allows {@code deviceHex} and {@code composeHashHex} (null: nothing). */
    String deployApp(String deviceHex, String composeHashHex) {
        return anvil.deploy("DstackApp", new Address(anvil.address(0)), new Bool(false), bytes32(deviceHex),
                bytes32(composeHashHex));
    }

    /** The owner's {@code addDevice}; returns the mined transaction's hash. */
    String addDevice(String app, String deviceHex) {
        return owner(app, "addDevice", deviceHex);
    }

    String addComposeHash(String app, String composeHashHex) {
        return owner(app, "addComposeHash", composeHashHex);
    }

    private String owner(String app, String function, String hex) {
        TransactionReceipt receipt = anvil.transact(0, app, new Function(function, List.of(bytes32(hex)), List.of()));
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException(function + " on " + app + " failed");
        }
        return receipt.getTransactionHash();
    }

    private static Bytes32 bytes32(String hex) {
        return new Bytes32(hex == null ? new byte[32] : Numeric.hexStringToByteArray(hex));
    }

    @Override
    public void close() {
        simA.close();
        simB.close();
        chainKms.close();
        devKms.close();
    }
}

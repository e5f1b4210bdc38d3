package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.ReplicaTestBase;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.vmm.VmInfo;
import io.opencvm.vmmsim.crypto.EnvCipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Update tests run on the replica tests' server context and fleet (a running source CVM made through provision and
 * commit); this adds what an update changes: the CVM's row, the app's revisions and the VM on its node.
 */
abstract class UpdateTestBase extends ReplicaTestBase {

    /** What an update may change, beyond what {@link #world()} counts. */
    record Row(String composeHash, int generation, String encryptedEnv, long revisions, World world) {
    }

    Row row(String vmUuid) {
        return jdbc.sql("SELECT compose_hash, generation, encrypted_env, app_pk FROM cvms WHERE vm_uuid = ?")
                .param(vmUuid).query((rs, n) -> new Row(rs.getString(1), rs.getInt(2), rs.getString(3),
                        jdbc.sql("SELECT COUNT(*) FROM app_revisions WHERE app_pk = ?").param(rs.getLong(4))
                                .query(Long.class).single(), world())).single();
    }

    /** {@code {"env":[…]}} sealed to the app's env key, as hex (what {@code encryptEnvVars} sends). */
    static String sealed(String pubkeyHex, Map<String, String> env) {
        String plain = env.entrySet().stream().map(e -> "{\"key\":\"" + e.getKey() + "\",\"value\":\"" + e.getValue() + "\"}")
                .collect(Collectors.joining(",", "{\"env\":[", "]}"));
        try {
            return HexFormat.of().formatHex(EnvCipher.encrypt(HexFormat.of().parseHex(pubkeyHex),
                    plain.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The refusal was {@code status} (and {@code code} when not null), and the CVM's row is as it was. */
    void assertRefused(TestHttp.Reply reply, int status, String code, Source src, Row before) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        if (code != null) {
            assertThat(reply.errorCode()).as(reply.body()).isEqualTo(code);
        }
        assertThat(row(src.vmUuid())).isEqualTo(before);
    }

    /** The requests sent at the same time, their replies in the same order. */
    @SafeVarargs
    static List<TestHttp.Reply> atOnce(Callable<TestHttp.Reply>... requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.length);
        try {
            List<TestHttp.Reply> replies = new ArrayList<>();
            for (Future<TestHttp.Reply> reply : pool.invokeAll(List.of(requests))) {
                replies.add(reply.get());
            }
            return replies;
        } finally {
            pool.shutdown();
        }
    }

    static VmInfo vmOf(SimNode node, String vmUuid) {
        List<VmInfo> vms = node.vms().stream().filter(v -> v.name().endsWith("@" + vmUuid)).toList();
        assertThat(vms).as("VMs of " + vmUuid + " on " + node.name()).hasSize(1);
        return node.vmm().getInfo(vms.get(0).id()).info();
    }

    /** The CVM's newest operation is a finished update and the CVM runs again. */
    void awaitUpdated(TestAccount account, String vmUuid) {
        Await.until(() -> jdbc.sql("""
                        SELECT o.state FROM operations o JOIN cvms c ON c.id = o.cvm_id
                        WHERE c.vm_uuid = ? AND o.kind = 'update' ORDER BY o.id DESC""")
                .param(vmUuid).query(String.class).list(), s -> !s.isEmpty() && s.get(0).equals("succeeded"));
        awaitRunning(account, vmUuid);
    }
}

package io.opencvm.cvm;

import io.opencvm.app.AppCompose;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test fixture: apps, CVM rows and provisions written straight into their tables. */
public final class TestCvms {

    private final JdbcClient jdbc;

    public TestCvms(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A compose for {@code name}, built exactly as provision builds it. */
    public static AppCompose compose(String name) {
        return AppCompose.build(new AppCompose.Spec(name, "services:\n  app:\n    image: nginx\n", null, List.of("FOO"),
                true, true, true, true));
    }

    /** A pending provision (what {@code POST /cvms/provision} stores) for the account; returns the compose hash. */
    public String provision(TestAccount account, String appId, String name, long nodeId, Long kmsPk, String image) {
        AppCompose compose = compose(name);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO provisions (workspace_id, user_id, app_id, compose_hash, compose_file, name, node_id,
                                                kms_id, image, instance_type, vcpu, memory_mb, disk_gb, listed,
                                                env_pubkey, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'tdx.small', 1, 2048, 20, FALSE, ?, ?, ?)""")
                .params(account.workspaceId(), account.userId(), appId, compose.hash(), compose.json(), name, nodeId, kmsPk,
                        image, "cd".repeat(32), now, now.plusHours(24))
                .update();
        return compose.hash();
    }

    /** An app with one revision and one CVM row (status as given, desired running); returns the CVM id. */
    public long cvm(TestAccount account, String appId, String name, long nodeId, String status) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        AppCompose compose = compose(name);
        Long appPk = jdbc.sql("SELECT id FROM apps WHERE app_id = ?").param(appId).query(Long.class).optional().orElse(null);
        if (appPk == null) {
            jdbc.sql("""
                            INSERT INTO apps (public_id, app_id, workspace_id, creator_user_id, name, kms_type, created_at)
                            VALUES (?, ?, ?, ?, ?, 'phala', ?)""")
                    .params("app_" + appId.substring(appId.length() - 24), appId, account.workspaceId(), account.userId(), name, now)
                    .update();
            appPk = jdbc.sql("SELECT id FROM apps WHERE app_id = ?").param(appId).query(Long.class).single();
        }
        jdbc.sql("""
                        INSERT INTO app_revisions (app_pk, compose_hash, compose_file, created_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(appPk, compose.hash(), compose.json(), now).update();
        String uuid = UUID.randomUUID().toString();
        jdbc.sql("""
                        INSERT INTO cvms (public_id, workspace_id, app_pk, app_id, creator_user_id, name, active_name,
                                          vm_uuid, node_id, compose_hash, image, vcpu, memory_mb, disk_gb, listed,
                                          desired_state, status, generation, capacity_held, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'dstack-0.5.4', 1, 2048, 20, FALSE, 'running', ?, 0, FALSE,
                                ?, ?)""")
                .params("cvm_" + uuid.replace("-", "").substring(0, 20), account.workspaceId(), appPk, appId,
                        account.userId(), name, status.equals("deleted") ? null : name, uuid, nodeId, compose.hash(),
                        status, now, now)
                .update();
        return jdbc.sql("SELECT id FROM cvms WHERE vm_uuid = ?").param(uuid).query(Long.class).single();
    }
}

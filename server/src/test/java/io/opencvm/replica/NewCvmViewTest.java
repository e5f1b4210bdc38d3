package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.account.AccountService;
import io.opencvm.account.Caller;
import io.opencvm.account.MemberRole;
import io.opencvm.account.User;
import io.opencvm.account.Workspace;
import io.opencvm.api.ApiVersion;
import io.opencvm.app.App;
import io.opencvm.app.AppService;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmJson;
import io.opencvm.cvm.CvmOrigin;
import io.opencvm.cvm.CvmService;
import io.opencvm.cvm.CvmView;
import io.opencvm.cvm.NewCvmSpec;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsService;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A new CVM's view is built from what its creator holds and what was just written, not read back; it must be
 * exactly the view a read of the stored rows gives, in every JSON shape.
 */
class NewCvmViewTest extends ReplicaTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    AccountService accounts;
    @Autowired
    CvmService cvms;
    @Autowired
    AppService apps;
    @Autowired
    NodeService nodes;
    @Autowired
    KmsService kmsService;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theViewOfACreatedCvmIsTheViewReadBackFromItsRows() {
        TestAccount alice = account("view");
        SimNode a = fleet.node("a", 16, 32768, 20);
        Source src = source(alice, a);
        Workspace ws = accounts.findWorkspace(alice.workspaceId()).orElseThrow();
        User user = accounts.findUser(alice.userId()).orElseThrow();
        Caller caller = new Caller(alice.userId(), alice.username(), alice.workspaceId(), alice.slug(), false,
                MemberRole.OWNER, user.publicId(), ws.publicId(), ws.name());
        Cvm source = cvms.resolve(caller, src.vmUuid());
        App app = apps.find(source.origin().appPk()).orElseThrow();
        Node node = nodes.get(source.nodeId());
        Kms kms = app.kmsPk() == null ? null : kmsService.find(app.kmsPk()).orElseThrow();
        clock.advance(Duration.ofNanos(123_456_789)); // sub-microsecond digits the database does not keep

        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            CvmView made = cvms.tryCreateViewed(new NewCvmSpec(caller.workspaceId(), name("viewed"),
                    new CvmOrigin(app.pk(), app.appId(), caller.userId(), source.id()), source.spec(), node.id(), 1),
                    "test", cvms.newCvmContext(caller, app, source.composeHash(), node, kms))
                    .orElseThrow();
            CvmView read = cvms.view(cvms.resolve(caller, made.cvm().vmUuid()));

            assertThat(made.cvm()).isEqualTo(read.cvm());
            assertThat(made.latest()).isEqualTo(read.latest());
            for (Function<CvmView, Map<String, Object>> shape : List.<Function<CvmView, Map<String, Object>>>of(
                    CvmJson::vm, CvmJson::infoV2026, CvmJson::infoV2025, CvmJson::detailV2026, v -> CvmJson.detailV2025(v, null),
                    CvmJson::basicV2025, CvmJson::state, CvmJson::batchStatus,
                    v -> CvmJson.listItem(v, ApiVersion.values()[0]), v -> CvmJson.inApp(v, ApiVersion.values()[0]))) {
                assertThat(JSON.writeValueAsString(shape.apply(made))).isEqualTo(JSON.writeValueAsString(shape.apply(read)));
            }
            tx.setRollbackOnly();
        });
    }
}

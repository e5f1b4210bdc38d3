package io.opencvm.update;

import io.opencvm.account.AccountService;
import io.opencvm.account.Caller;
import io.opencvm.account.User;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.Fields;
import io.opencvm.api.JsonBody;
import io.opencvm.app.App;
import io.opencvm.app.AppRevision;
import io.opencvm.app.AppService;
import io.opencvm.app.RevisionRecord;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmService;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * An app's revisions: every applied change of one of its CVMs (create, update, redeploy) as {@code cvm.CvmService}
 * records it, listed newest first, read one at a time, and redeployed: the CVM runs that revision's compose and env
 * again, through the one update. A revision is named by its {@code revision_id} or, for a redeploy, by a compose hash
 * of the app; one of another app or workspace is not found (404 ERR-03-013), like one that does not exist.
 */
@RestController
@RequestMapping("/api/v1")
class RevisionController {

    private static final int MAX_PAGE_SIZE = 1000;

    private final AppService apps;
    private final CvmService cvms;
    private final UpdateService updates;
    private final AccountService accounts;
    private final IdempotentUpdates idempotent;

    RevisionController(AppService apps, CvmService cvms, UpdateService updates, AccountService accounts,
                       IdempotentUpdates idempotent) {
        this.apps = apps;
        this.cvms = cvms;
        this.updates = updates;
        this.accounts = accounts;
        this.idempotent = idempotent;
    }

    @GetMapping("/apps/{appId}/revisions")
    Map<String, Object> list(Caller caller, @PathVariable String appId,
                             @RequestParam(name = "page", required = false) Integer page,
                             @RequestParam(name = "page_size", required = false) Integer pageSize) {
        Fields query = Fields.of("query");
        query.atLeast("page", page, 1);
        query.between("page_size", pageSize, 1, MAX_PAGE_SIZE);
        query.throwIfAny();
        int p = page == null ? 1 : page;
        int size = pageSize == null ? 50 : pageSize;
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        List<Map<String, Object>> items = apps.revisionRecords(app.pk(), (long) (p - 1) * size, size).stream()
                .map(r -> RevisionJson.summary(app, r, user(r))).toList();
        return RevisionJson.page(items, apps.countRevisionRecords(app.pk()), p, size);
    }

    @GetMapping("/apps/{appId}/revisions/{revisionId}")
    Map<String, Object> detail(Caller caller, @PathVariable String appId, @PathVariable String revisionId,
                               @RequestParam(name = "raw_compose_file", required = false) String rawComposeFile) {
        Fields query = Fields.of("query");
        Boolean raw = query.booleanText("raw_compose_file", rawComposeFile);
        query.throwIfAny();
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        RevisionRecord record = apps.revisionRecord(app.pk(), revisionId)
                .orElseThrow(() -> RevisionTarget.notFound(revisionId));
        AppRevision compose = apps.revision(app.pk(), record.composeHash()).orElseThrow();
        return RevisionJson.detail(app, record, user(record), compose.composeFile(), Boolean.TRUE.equals(raw));
    }

    /** The app's one CVM by default; with several, {@code vm_uuids} names them (all redeployed, or none). */
    @PostMapping("/apps/{appId}/revisions/{revisionId}/redeploy")
    ResponseEntity<String> redeployApp(Caller caller, @PathVariable String appId, @PathVariable String revisionId,
                                       @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                       @RequestBody(required = false) JsonNode body) {
        JsonBody json = JsonBody.optional(body);
        List<String> vmUuids = json.strings("vm_uuids");
        json.throwIfAny();
        return idempotent.once(caller, key, HttpStatus.ACCEPTED.value(), () -> redeployApp(caller, appId, revisionId,
                vmUuids), "POST /apps/revisions/redeploy", appId, revisionId, String.valueOf(body));
    }

    private Map<String, Object> redeployApp(Caller caller, String appId, String revisionId, List<String> vmUuids) {
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        RevisionTarget target = RevisionTarget.of(apps, app, revisionId);
        List<Cvm> live = cvms.liveOfApp(app.pk());
        List<Cvm> chosen;
        if (vmUuids == null || vmUuids.isEmpty()) {
            if (live.size() != 1) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "App " + app.appId() + " has " + live.size()
                        + " CVMs: name the ones to redeploy in vm_uuids");
            }
            chosen = live;
        } else {
            chosen = vmUuids.stream().distinct().map(uuid -> live.stream().filter(c -> c.vmUuid().equalsIgnoreCase(uuid))
                    .findFirst().orElseThrow(() -> new ApiException(ErrorCode.CVM_NOT_FOUND, "CVM " + uuid
                            + " not found in app " + app.appId()))).toList();
        }
        return redeploy(caller, chosen, target);
    }

    @PostMapping("/cvms/{cvmId}/revisions/{revisionId}/redeploy")
    ResponseEntity<String> redeployCvm(Caller caller, @PathVariable String cvmId, @PathVariable String revisionId,
                                       @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        return idempotent.once(caller, key, HttpStatus.ACCEPTED.value(), () -> {
            Cvm cvm = cvms.resolve(caller, cvmId);
            App app = apps.find(cvm.origin().appPk()).orElseThrow();
            return redeploy(caller, List.of(cvm), RevisionTarget.of(apps, app, revisionId));
        }, "POST /cvms/revisions/redeploy", cvmId, revisionId);
    }

    private Map<String, Object> redeploy(Caller caller, List<Cvm> chosen, RevisionTarget target) {
        Preparation preparation = Preparation.of(null,
                ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1").toUriString());
        return RevisionJson.redeployed(target.compose().composeHash(),
                updates.redeploy(caller, chosen, target.compose(), target.encryptedEnv(), preparation));
    }

    private User user(RevisionRecord r) {
        return r.userId() == null ? null : accounts.findUser(r.userId()).orElse(null);
    }
}

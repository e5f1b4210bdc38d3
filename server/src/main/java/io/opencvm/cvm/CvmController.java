package io.opencvm.cvm;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiVersion;
import io.opencvm.api.JsonBody;
import io.opencvm.api.Page;
import io.opencvm.api.PageRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** CVM reads, power actions and delete. Literal paths ({@code /cvms/paginated}) win over {@code /cvms/{cvm_id}}. */
@RestController
@RequestMapping("/api/v1")
class CvmController {

    /** {@code POST /status/batch} takes at most this many ids (the dashboard follows a few replicas at once). */
    static final int MAX_BATCH_IDS = 100;


    private final CvmService cvms;
    private final ConsoleLinks links;

    CvmController(CvmService cvms, ConsoleLinks links) {
        this.cvms = cvms;
        this.links = links;
    }

    @GetMapping("/cvms/paginated")
    Page<Map<String, Object>> paginated(Caller caller, ApiVersion version,
                                  @RequestParam(name = "page", required = false) Integer page,
                                  @RequestParam(name = "page_size", required = false) Integer pageSize,
                                  @RequestParam(name = "node_id", required = false) Long nodeId,
                                  @RequestParam(name = "teepod_id", required = false) Long teepodId) {
        Page<CvmView> result = cvms.page(caller, nodeId != null ? nodeId : teepodId, PageRequest.of(page, pageSize, 50));
        return Page.of(result.items().stream().map(v -> CvmJson.listItem(v, version)).toList(), result.total(),
                new PageRequest(result.page(), result.pageSize()));
    }

    @GetMapping("/cvms/{cvmId}")
    Map<String, Object> get(Caller caller, ApiVersion version, @PathVariable String cvmId) {
        CvmView view = cvms.view(caller, cvmId);
        return version == ApiVersion.V2025_10_28 ? CvmJson.detailV2025(view, links.syslogEndpoint(view.cvm()))
                : CvmJson.detailV2026(view);
    }

    @GetMapping("/cvms/{cvmId}/state")
    Map<String, Object> state(Caller caller, @PathVariable String cvmId) {
        return CvmJson.state(cvms.view(caller, cvmId));
    }

    @GetMapping("/cvms/{cvmId}/compose_file")
    JsonNode composeFile(Caller caller, @PathVariable String cvmId) {
        return cvms.view(caller, cvmId).compose();
    }

    @PostMapping("/cvms/{cvmId}/start")
    Map<String, Object> start(Caller caller, @PathVariable String cvmId) {
        return CvmJson.vm(cvms.act(caller, cvmId, CvmAction.START));
    }

    @PostMapping("/cvms/{cvmId}/stop")
    Map<String, Object> stop(Caller caller, @PathVariable String cvmId) {
        return CvmJson.vm(cvms.act(caller, cvmId, CvmAction.STOP));
    }

    @PostMapping("/cvms/{cvmId}/shutdown")
    Map<String, Object> shutdown(Caller caller, @PathVariable String cvmId) {
        return CvmJson.vm(cvms.act(caller, cvmId, CvmAction.SHUTDOWN));
    }

    /** {@code {"force": bool}} is accepted; a restart is always a stop and a start on the node. */
    @PostMapping("/cvms/{cvmId}/restart")
    Map<String, Object> restart(Caller caller, @PathVariable String cvmId, @RequestBody(required = false) JsonNode body) {
        JsonBody fields = JsonBody.optional(body);
        fields.bool("force");
        fields.throwIfAny();
        return CvmJson.vm(cvms.act(caller, cvmId, CvmAction.RESTART));
    }

    @DeleteMapping("/cvms/{cvmId}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String cvmId) {
        cvms.act(caller, cvmId, CvmAction.DELETE);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/status/batch")
    Map<String, Object> statusBatch(Caller caller, @RequestBody(required = false) JsonNode body) {
        JsonBody fields = JsonBody.required(body);
        List<String> uuids = fields.strings("vm_uuids");
        fields.atMost("vm_uuids", uuids, MAX_BATCH_IDS);
        fields.throwIfAny();
        Map<String, Object> m = new LinkedHashMap<>();
        cvms.statusBatch(caller, uuids == null ? List.of() : uuids).forEach((k, v) -> m.put(k, CvmJson.batchStatus(v)));
        return m;
    }
}

package io.opencvm.cvm;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiVersion;
import io.opencvm.api.ValidationProblem;
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

    private final CvmService cvms;

    CvmController(CvmService cvms) {
        this.cvms = cvms;
    }

    @GetMapping("/cvms/paginated")
    Map<String, Object> paginated(Caller caller, ApiVersion version,
                                  @RequestParam(name = "page", required = false) Integer page,
                                  @RequestParam(name = "page_size", required = false) Integer pageSize,
                                  @RequestParam(name = "node_id", required = false) Long nodeId,
                                  @RequestParam(name = "teepod_id", required = false) Long teepodId) {
        CvmPage result = cvms.page(caller, nodeId != null ? nodeId : teepodId, atLeastOne("page", page, 1),
                Math.min(atLeastOne("page_size", pageSize, 50), 100));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", result.items().stream().map(v -> version == ApiVersion.V2025_10_28 ? CvmJson.infoV2025(v)
                : CvmJson.infoV2026(v)).toList());
        m.put("total", result.total());
        m.put("page", result.page());
        m.put("page_size", result.pageSize());
        m.put("pages", result.pages());
        return m;
    }

    @GetMapping("/cvms/{cvmId}")
    Map<String, Object> get(Caller caller, ApiVersion version, @PathVariable String cvmId) {
        CvmView view = cvms.view(caller, cvmId);
        return version == ApiVersion.V2025_10_28 ? CvmJson.detailV2025(view) : CvmJson.detailV2026(view);
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
        BodyFields fields = BodyFields.of(body, true);
        fields.optionalBoolean("force");
        fields.validate();
        return CvmJson.vm(cvms.act(caller, cvmId, CvmAction.RESTART));
    }

    @DeleteMapping("/cvms/{cvmId}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String cvmId) {
        cvms.act(caller, cvmId, CvmAction.DELETE);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/status/batch")
    Map<String, Object> statusBatch(Caller caller, @RequestBody(required = false) JsonNode body) {
        BodyFields fields = BodyFields.of(body, false);
        List<String> uuids = fields.optionalStrings("vm_uuids");
        fields.validate();
        Map<String, Object> m = new LinkedHashMap<>();
        cvms.statusBatch(caller, uuids == null ? List.of() : uuids).forEach((k, v) -> m.put(k, CvmJson.batchStatus(v)));
        return m;
    }

    static int atLeastOne(String name, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw ValidationProblem.of(List.of("query", name), "Input should be greater than or equal to 1",
                    "greater_than_equal", value);
        }
        return value;
    }
}

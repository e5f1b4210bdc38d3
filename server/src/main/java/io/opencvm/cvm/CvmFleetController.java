package io.opencvm.cvm;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiVersion;
import io.opencvm.api.JsonBody;
import io.opencvm.api.PageRequest;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The workspace's CVMs at once: the plain list {@code GET /cvms} and {@code POST /cvms/batch-stop}. */
@RestController
@RequestMapping("/api/v1/cvms")
class CvmFleetController {

    /** The plain list has no pages: it answers at most this many, newest first ({@code /cvms/paginated} for more). */
    static final int MAX_LISTED = 1000;
    static final int MAX_BATCH_STOP = 50;

    private final CvmService cvms;
    private final BatchStop batchStop;

    CvmFleetController(CvmService cvms, BatchStop batchStop) {
        this.cvms = cvms;
        this.batchStop = batchStop;
    }

    @GetMapping
    List<Map<String, Object>> list(Caller caller, ApiVersion version,
                                   @RequestParam(name = "teepod_id", required = false) Long teepodId) {
        return cvms.page(caller, teepodId, new PageRequest(1, MAX_LISTED)).items().stream()
                .map(v -> CvmJson.listItem(v, version)).toList();
    }

    @PostMapping("/batch-stop")
    BatchStop.Summary batchStop(Caller caller, @RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.required(json);
        List<String> ids = body.atMost("cvm_ids", body.required("cvm_ids", body.strings("cvm_ids")), MAX_BATCH_STOP);
        body.throwIfAny();
        return batchStop.stop(caller, ids);
    }
}

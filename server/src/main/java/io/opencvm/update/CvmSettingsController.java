package io.opencvm.update;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.cvm.CvmJson;
import io.opencvm.cvm.CvmService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A CVM's own fields, which change neither what it runs nor its node: its name, whether it is listed publicly and
 * when it is to be deleted. Each is one row update, answered at once; nothing restarts.
 */
@RestController
@RequestMapping("/api/v1")
class CvmSettingsController {

    private final CvmService cvms;
    private final Clock clock;

    CvmSettingsController(CvmService cvms, Clock clock) {
        this.cvms = cvms;
        this.clock = clock;
    }

    @PatchMapping("/cvms/{cvmId}/name")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void name(Caller caller, @PathVariable String cvmId, @RequestBody(required = false) JsonNode body) {
        String name = CvmSettingsRequest.name(body);
        cvms.rename(cvms.resolve(caller, cvmId), name);
    }

    @PatchMapping("/cvms/{cvmId}/listed")
    Map<String, Object> listed(Caller caller, @PathVariable String cvmId, @RequestBody(required = false) JsonNode body) {
        boolean listed = CvmSettingsRequest.listed(body);
        return CvmJson.vm(cvms.setListed(cvms.resolve(caller, cvmId), listed));
    }

    @PatchMapping("/cvms/{cvmId}/scheduled-delete")
    Map<String, Object> scheduledDelete(Caller caller, @PathVariable String cvmId,
                                        @RequestBody(required = false) JsonNode body) {
        Instant at = CvmSettingsRequest.scheduledDeleteAt(body);
        if (at != null && !at.isAfter(clock.instant())) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "scheduled_delete_at must be in the future; DELETE"
                    + " /cvms/{cvm_id} deletes a CVM now", List.of(ErrorDetail.field("scheduled_delete_at", at.toString())));
        }
        return CvmJson.vm(cvms.scheduleDelete(cvms.resolve(caller, cvmId), at));
    }
}

package io.opencvm.update;

import io.opencvm.account.Caller;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Changing a deployed CVM: compose, env and visibility ({@code phala deploy --cvm-id}, {@code phala envs update}). */
@RestController
@RequestMapping("/api/v1")
class UpdateController {

    private final UpdateService updates;

    UpdateController(UpdateService updates) {
        this.updates = updates;
    }

    @PatchMapping("/cvms/{cvmId}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> update(Caller caller, @PathVariable String cvmId, @RequestBody(required = false) JsonNode body) {
        return UpdateJson.accepted(updates.update(caller, cvmId, CvmUpdateRequest.parse(body)), "Update");
    }

    @PatchMapping("/cvms/{cvmId}/envs")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> envs(Caller caller, @PathVariable String cvmId, @RequestBody(required = false) JsonNode body) {
        return UpdateJson.envsAccepted(updates.updateEnvs(caller, cvmId, EnvUpdateRequest.parse(body)));
    }

    @PostMapping("/cvms/{cvmId}/compose_file/provision")
    Map<String, Object> provisionCompose(Caller caller, @PathVariable String cvmId,
                                         @RequestBody(required = false) JsonNode body) {
        return UpdateJson.provisioned(updates.provisionCompose(caller, cvmId, ComposeProvisionRequest.parse(body)));
    }

    @PatchMapping("/cvms/{cvmId}/compose_file")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> applyCompose(Caller caller, @PathVariable String cvmId,
                                     @RequestBody(required = false) JsonNode body) {
        return UpdateJson.accepted(updates.applyProvisioned(caller, cvmId, ComposeFileUpdateRequest.parse(body)),
                "Compose file update");
    }
}

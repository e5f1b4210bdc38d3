package io.opencvm.update;

import io.opencvm.account.Caller;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Changing a deployed CVM: compose, env and visibility ({@code phala deploy --cvm-id}, {@code phala envs update}),
 * resources ({@code phala cvms resize}) and OS image.
 */
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

    /** {@code phala cvms resize}; the CLI names the CVM {@code app_<app id>} and retries on 409. */
    @PatchMapping("/cvms/{cvmId}/resources")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> resize(Caller caller, @PathVariable String cvmId, @RequestBody(required = false) JsonNode body) {
        return UpdateJson.accepted(updates.resize(caller, cvmId, ResizeRequest.parse(body)), "Resize");
    }

    @GetMapping("/cvms/{cvmId}/available-os-images")
    List<Map<String, Object>> availableImages(Caller caller, @PathVariable String cvmId) {
        return UpdateJson.images(updates.availableImages(caller, cvmId));
    }

    @PatchMapping("/cvms/{cvmId}/os-image")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> osImage(Caller caller, @PathVariable String cvmId, @RequestBody(required = false) JsonNode body) {
        return UpdateJson.accepted(updates.changeImage(caller, cvmId, OsImageRequest.parse(body)), "OS image update");
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

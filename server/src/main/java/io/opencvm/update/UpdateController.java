package io.opencvm.update;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.PublicEndpoint;
import io.opencvm.onchain.CommitRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Changing a deployed CVM: compose, env and visibility ({@code phala deploy --cvm-id}, {@code phala envs update}),
 * resources ({@code phala cvms resize}) and OS image.
 */
@RestController
@RequestMapping("/api/v1")
class UpdateController {

    private static final int ACCEPTED = HttpStatus.ACCEPTED.value();

    private final UpdateService updates;
    private final UpdateCommits commits;
    private final IdempotentUpdates idempotent;

    UpdateController(UpdateService updates, UpdateCommits commits, IdempotentUpdates idempotent) {
        this.updates = updates;
        this.commits = commits;
        this.idempotent = idempotent;
    }

    /**
     * {@code phala deploy --cvm-id}; with {@code X-Compose-Hash} (and {@code X-Transaction-Hash}) and no change in the
     * body it confirms the update prepared for that hash, once its owner registered it on-chain.
     */
    @PatchMapping("/cvms/{cvmId}")
    ResponseEntity<String> update(Caller caller, @PathVariable String cvmId,
                                  @RequestHeader(value = "X-Prepare-Only", required = false) String prepareOnly,
                                  @RequestHeader(value = "X-Compose-Hash", required = false) String composeHash,
                                  @RequestHeader(value = "X-Transaction-Hash", required = false) String transactionHash,
                                  @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                  @RequestBody(required = false) JsonNode body) {
        String[] asked = {"PATCH /cvms", cvmId, String.valueOf(body), prepareOnly, composeHash, transactionHash};
        if (composeHash != null && !composeHash.isBlank()) {
            requireNoChange(body);
            return idempotent.once(caller, key, ACCEPTED, () -> UpdateJson.accepted(commits.confirm(caller, cvmId,
                    composeHash, transactionHash), "Update"), asked);
        }
        CvmUpdateRequest request = CvmUpdateRequest.parse(body);
        Preparation preparation = preparation(prepareOnly);
        return idempotent.once(caller, key, ACCEPTED, () -> UpdateJson.accepted(updates.update(caller, cvmId, request,
                preparation), "Update"), asked);
    }

    @PatchMapping("/cvms/{cvmId}/envs")
    ResponseEntity<String> envs(Caller caller, @PathVariable String cvmId,
                                @RequestHeader(value = "X-Prepare-Only", required = false) String prepareOnly,
                                @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                @RequestBody(required = false) JsonNode body) {
        EnvUpdateRequest request = EnvUpdateRequest.parse(body);
        Preparation preparation = preparation(prepareOnly);
        return idempotent.once(caller, key, ACCEPTED, () -> UpdateJson.envsAccepted(updates.updateEnvs(caller, cvmId,
                request, preparation)), "PATCH /cvms/envs", cvmId, String.valueOf(body), prepareOnly);
    }

    /** {@code phala cvms resize}; the CLI names the CVM {@code app_<app id>} and retries on 409. */
    @PatchMapping("/cvms/{cvmId}/resources")
    ResponseEntity<String> resize(Caller caller, @PathVariable String cvmId,
                                  @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                  @RequestBody(required = false) JsonNode body) {
        ResizeRequest request = ResizeRequest.parse(body);
        return idempotent.once(caller, key, ACCEPTED, () -> UpdateJson.accepted(updates.resize(caller, cvmId, request),
                "Resize"), "PATCH /cvms/resources", cvmId, String.valueOf(body));
    }

    @GetMapping("/cvms/{cvmId}/available-os-images")
    List<Map<String, Object>> availableImages(Caller caller, @PathVariable String cvmId) {
        return UpdateJson.images(updates.availableImages(caller, cvmId));
    }

    @PatchMapping("/cvms/{cvmId}/os-image")
    ResponseEntity<String> osImage(Caller caller, @PathVariable String cvmId,
                                   @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                   @RequestBody(required = false) JsonNode body) {
        OsImageRequest request = OsImageRequest.parse(body);
        return idempotent.once(caller, key, ACCEPTED, () -> UpdateJson.accepted(updates.changeImage(caller, cvmId,
                request), "OS image update"), "PATCH /cvms/os-image", cvmId, String.valueOf(body));
    }

    @PostMapping("/cvms/{cvmId}/compose_file/provision")
    Map<String, Object> provisionCompose(Caller caller, @PathVariable String cvmId,
                                         @RequestBody(required = false) JsonNode body) {
        return UpdateJson.provisioned(updates.provisionCompose(caller, cvmId, ComposeProvisionRequest.parse(body)));
    }

    @PatchMapping("/cvms/{cvmId}/compose_file")
    ResponseEntity<String> applyCompose(Caller caller, @PathVariable String cvmId,
                                        @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                        @RequestBody(required = false) JsonNode body) {
        ComposeFileUpdateRequest request = ComposeFileUpdateRequest.parse(body);
        Preparation preparation = preparation(null);
        return idempotent.once(caller, key, ACCEPTED, () -> UpdateJson.accepted(updates.applyProvisioned(caller, cvmId,
                request, preparation), "Compose file update"), "PATCH /cvms/compose_file", cvmId, String.valueOf(body));
    }

    /** What a commit token would apply (the confirm-update page's lookup); the token is the credential, no key. */
    @PublicEndpoint
    @GetMapping("/cvms/{cvmId}/commit-update")
    Map<String, Object> commitInfo(@PathVariable String cvmId,
                                   @RequestParam(value = "token", required = false) String token) {
        return CommitUpdateJson.pending(commits.lookup(cvmId, CommitRequest.parse(null, token).token()));
    }

    /**
     * {@code phala deploy --cvm-id … --commit --token … --transaction-hash …}: the token is the credential (whoever
     * approves on-chain, a multisig's signer, may hold no key of the workspace), so no key is asked for.
     */
    @PublicEndpoint
    @PostMapping("/cvms/{cvmId}/commit-update")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> commit(@PathVariable String cvmId,
                               @RequestParam(value = "token", required = false) String queryToken,
                               @RequestBody(required = false) String body) {
        return UpdateJson.accepted(commits.commit(cvmId, CommitRequest.parse(body, queryToken)), "Update");
    }

    /** A confirm applies what was prepared; a body that also asks for changes would be silently dropped. */
    private static void requireNoChange(JsonNode body) {
        if (body != null && !body.isNull() && !body.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "With X-Compose-Hash the body must be {}: the update"
                    + " prepared for that hash is applied as it was prepared", List.of(ErrorDetail.field("body", "<given>")));
        }
    }

    private static Preparation preparation(String prepareOnlyHeader) {
        return Preparation.of(prepareOnlyHeader,
                ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1").toUriString());
    }
}

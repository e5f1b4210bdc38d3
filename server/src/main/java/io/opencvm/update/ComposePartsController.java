package io.opencvm.update;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.app.ComposeEdit;
import io.opencvm.cvm.CvmService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.WebUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One part of a CVM's compose at a time: its docker-compose file and its pre-launch script, read as JSON strings and
 * replaced from a raw body (the SDK sends {@code text/yaml} / {@code text/plain}) or a multipart {@code file}; the
 * published {@code POST /cvms/{id}/compose_file} (a whole compose and its hash); and {@code PUT /cvms/{id}/compose},
 * what the deprecated {@code phala cvms upgrade} sends. Every change is an update like {@code PATCH /cvms/{id}}.
 */
@RestController
@RequestMapping("/api/v1")
class ComposePartsController {

    private static final int ACCEPTED = HttpStatus.ACCEPTED.value();

    private final UpdateService updates;
    private final UpdateCommits commits;
    private final CvmService cvms;
    private final IdempotentUpdates idempotent;

    ComposePartsController(UpdateService updates, UpdateCommits commits, CvmService cvms, IdempotentUpdates idempotent) {
        this.updates = updates;
        this.commits = commits;
        this.cvms = cvms;
        this.idempotent = idempotent;
    }

    @GetMapping("/cvms/{cvmId}/docker-compose.yml")
    JsonNode dockerCompose(Caller caller, @PathVariable String cvmId) {
        return JsonNodeFactory.instance.stringNode(cvms.view(caller, cvmId).compose().path("docker_compose_file").asString(""));
    }

    @GetMapping("/cvms/{cvmId}/pre-launch-script")
    JsonNode preLaunchScript(Caller caller, @PathVariable String cvmId) {
        return JsonNodeFactory.instance.stringNode(cvms.view(caller, cvmId).compose().path("pre_launch_script").asString(""));
    }

    /**
     * The file as text, as the SDK sends it ({@code text/yaml}), or as a multipart {@code file}; a JSON body is not a
     * compose file the clients send, so it is refused with 415 rather than stored as one.
     */
    @PatchMapping(path = "/cvms/{cvmId}/docker-compose", consumes = {MediaType.MULTIPART_FORM_DATA_VALUE, "text/*",
            "application/yaml", "application/x-yaml", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<String> dockerCompose(Caller caller, @PathVariable String cvmId,
                                         @RequestHeader(value = "X-Compose-Hash", required = false) String composeHash,
                                         @RequestHeader(value = "X-Transaction-Hash", required = false)
                                         String transactionHash,
                                         @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                         HttpServletRequest request) {
        String body = confirms(composeHash) ? null : text(request);
        if (!confirms(composeHash) && (body == null || body.isBlank())) {
            throw new ApiException(ErrorCode.COMPOSE_FILE_REQUIRED, "The body must be the new docker-compose file");
        }
        return part(caller, cvmId, composeHash, transactionHash, key, new ComposeEdit(body, null, null, null, null, null),
                "Docker compose update");
    }

    /** The script as text ({@code text/plain}, as the SDK sends it) or a multipart {@code file}; JSON is refused (415). */
    @PatchMapping(path = "/cvms/{cvmId}/pre-launch-script", consumes = {MediaType.MULTIPART_FORM_DATA_VALUE, "text/*",
            MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<String> preLaunchScript(Caller caller, @PathVariable String cvmId,
                                           @RequestHeader(value = "X-Compose-Hash", required = false) String composeHash,
                                           @RequestHeader(value = "X-Transaction-Hash", required = false)
                                           String transactionHash,
                                           @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                           HttpServletRequest request) {
        String body = confirms(composeHash) ? null : text(request);
        if (!confirms(composeHash) && (body == null || body.isBlank())) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "The body must be the new pre-launch script; PATCH"
                    + " /cvms/{cvm_id} with \"pre_launch_script\": \"\" removes it");
        }
        return part(caller, cvmId, composeHash, transactionHash, key, new ComposeEdit(null, body, null, null, null, null),
                "Pre-launch script update");
    }

    @PostMapping("/cvms/{cvmId}/compose_file")
    ResponseEntity<String> submitCompose(Caller caller, @PathVariable String cvmId,
                                         @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                         @RequestBody(required = false) JsonNode body) {
        ComposeSubmitRequest request = ComposeSubmitRequest.parse(body);
        return idempotent.once(caller, key, ACCEPTED, () -> UpdateJson.accepted(updates.submitCompose(caller, cvmId,
                request, preparation()), "Compose file update"), "POST /cvms/compose_file", cvmId, String.valueOf(body));
    }

    @PutMapping("/cvms/{cvmId}/compose")
    ResponseEntity<String> legacyUpgrade(Caller caller, @PathVariable String cvmId,
                                         @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                         @RequestBody(required = false) JsonNode body) {
        LegacyUpgradeRequest request = LegacyUpgradeRequest.parse(body);
        return idempotent.once(caller, key, ACCEPTED, () -> UpdateJson.accepted(updates.update(caller, cvmId,
                new CvmUpdateRequest(request.compose(), request.encryptedEnv(), null, null, null, null), preparation()),
                "Upgrade"), "PUT /cvms/compose", cvmId, String.valueOf(body));
    }

    /**
     * One part of the compose replaced, as {@code PATCH /cvms/{id}} with only that field would; with
     * {@code X-Compose-Hash} the update kept for that hash is confirmed instead (the body is not read).
     */
    private ResponseEntity<String> part(Caller caller, String cvmId, String composeHash, String transactionHash,
                                        String key, ComposeEdit edit, String what) {
        boolean confirm = confirms(composeHash);
        if (!confirm) {
            ComposeEdit.requireFits(edit.dockerComposeFile(), edit.preLaunchScript());
        }
        return idempotent.once(caller, key, ACCEPTED, () -> UpdateJson.accepted(confirm
                        ? commits.confirm(caller, cvmId, composeHash, transactionHash)
                        : updates.update(caller, cvmId, new CvmUpdateRequest(edit, null, null, null, null, null),
                        preparation()), what),
                "PATCH /cvms/" + what, cvmId, edit.dockerComposeFile(), edit.preLaunchScript(), composeHash,
                transactionHash);
    }

    /** These routes have no {@code X-Prepare-Only}: an update the contract does not allow yet is kept as a 465. */
    private static Preparation preparation() {
        return Preparation.of(null, ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1").toUriString());
    }

    private static boolean confirms(String composeHash) {
        return composeHash != null && !composeHash.isBlank();
    }

    /** The raw body, or the multipart part {@code file}; null when there is neither. */
    private static String text(HttpServletRequest request) {
        try {
            MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
            if (multipart != null) {
                MultipartFile file = multipart.getFile("file");
                return file == null ? null : new String(file.getBytes(), StandardCharsets.UTF_8);
            }
            return StreamUtils.copyToString(request.getInputStream(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body", e);
        }
    }
}

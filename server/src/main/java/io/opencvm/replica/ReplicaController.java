package io.opencvm.replica;

import io.opencvm.account.Caller;
import io.opencvm.app.ComposeEdit;
import io.opencvm.onchain.CommitRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Replicate CVM, its app-scoped twin, a new instance of an app, and commit-replica. */
@RestController
class ReplicaController {

    private final ReplicaService replicas;

    ReplicaController(ReplicaService replicas) {
        this.replicas = replicas;
    }

    @PostMapping("/api/v1/cvms/{cvmId}/replicas")
    ResponseEntity<String> replicate(Caller caller, @PathVariable String cvmId,
                                     @RequestHeader(value = "X-Prepare-Only", required = false) String prepareOnly,
                                     @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                     @RequestBody(required = false) String body) {
        return handle(caller, cvmId, null, prepareOnly, key, body, null);
    }

    @PostMapping("/api/v1/apps/{appId}/cvms/{vmUuid}/replicas")
    ResponseEntity<String> replicateInApp(Caller caller, @PathVariable String appId, @PathVariable String vmUuid,
                                          @RequestHeader(value = "X-Prepare-Only", required = false) String prepareOnly,
                                          @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                          @RequestBody(required = false) String body) {
        return handle(caller, vmUuid, appId, prepareOnly, key, body, null);
    }

    /**
     * {@code phala instances add}: a new instance of the app is a replica of its live instance (the app id names the
     * source as in replicate), with its own compose when the body brings one; a body with a {@code token} commits a
     * prepared one.
     */
    @PostMapping("/api/v1/apps/{appId}/instances")
    ResponseEntity<String> addInstance(Caller caller, @PathVariable String appId,
                                       @RequestHeader(value = "X-Prepare-Only", required = false) String prepareOnly,
                                       @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                       @RequestBody(required = false) String body) {
        InstanceRequest request = InstanceRequest.parse(body);
        if (request.commit() != null) {
            return json(replicas.commitInstance(caller, appId, request.commit()));
        }
        return handle(caller, appId, appId, prepareOnly, key, body, request.compose());
    }

    @PostMapping("/api/v1/cvms/{cvmId}/commit-replica")
    ResponseEntity<String> commit(Caller caller, @PathVariable String cvmId,
                                  @RequestParam(value = "token", required = false) String queryToken,
                                  @RequestBody(required = false) String body) {
        CommitRequest request = CommitRequest.parse(body, queryToken);
        return json(replicas.commit(caller, cvmId, request));
    }

    private ResponseEntity<String> handle(Caller caller, String source, String appId, String prepareOnlyHeader,
                                          String keyHeader, String body, ComposeEdit compose) {
        boolean prepareOnly = ReplicateCommand.prepareOnly(prepareOnlyHeader);
        ReplicateRequest request = ReplicateRequest.parse(body).withCompose(compose);
        String key = IdempotencyKeys.validKey(keyHeader);
        // The same request is the same source (as the router decoded it), body and prepare-only flag.
        String fingerprint = IdempotencyKeys.fingerprint(source, appId == null ? "" : appId,
                body == null ? "" : body.strip(), Boolean.toString(prepareOnly));
        String apiBase = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1").toUriString();
        return json(replicas.replicate(caller, new ReplicateCommand(source, appId, request, prepareOnly, apiBase),
                key, fingerprint));
    }

    private static ResponseEntity<String> json(ReplicaReply reply) {
        return ResponseEntity.status(reply.status()).contentType(MediaType.APPLICATION_JSON).body(reply.body());
    }

}

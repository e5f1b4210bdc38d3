package io.opencvm.sshkey;

import io.opencvm.account.Caller;
import io.opencvm.api.JsonBody;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The caller's own SSH keys ({@code /user/ssh-keys}); any member manages their own. */
@RestController
@RequestMapping("/api/v1/user/ssh-keys")
class SshKeyController {

    private final SshKeyService keys;

    SshKeyController(SshKeyService keys) {
        this.keys = keys;
    }

    @GetMapping
    List<SshKeyView> list(Caller caller) {
        return keys.list(caller);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    SshKeyView add(Caller caller, @RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String name = body.text("name", body.requiredString("name"), 1, 100);
        String publicKey = body.text("public_key", body.requiredString("public_key"), 1, SshPublicKey.MAX_TEXT);
        body.throwIfAny();
        return keys.add(caller, name.strip(), publicKey);
    }

    @DeleteMapping("/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String keyId) {
        keys.delete(caller, keyId);
    }

    @PostMapping("/github-profile")
    GithubImport importGithub(Caller caller, @RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String username = body.text("github_username", body.requiredString("github_username"), 1, 39,
                SshKeyService.GITHUB_USERNAME);
        body.throwIfAny();
        return keys.importGithub(caller, username);
    }

    /** Always a 400: there is no linked GitHub account to follow (see {@link SshKeyService#syncGithub}). */
    @PostMapping("/github-sync")
    void syncGithub(Caller caller) {
        keys.syncGithub(caller);
    }
}

package io.opencvm.account;

import io.opencvm.api.JsonBody;
import io.opencvm.api.OperatorOnly;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Operator endpoints for API keys (an operator key is required, see {@link OperatorOnly}). A new key's plaintext is in the create response only. */
@RestController
@OperatorOnly
class AdminApiKeyController {

    private final AccountService accounts;

    AdminApiKeyController(AccountService accounts) {
        this.accounts = accounts;
    }

    record CreatedKey(String id, String key, String prefix) {
        @Override
        public String toString() {
            return "CreatedKey[" + id + ", " + prefix + "…]"; // never the key
        }
    }

    record KeyRow(String id, String name, String prefix, String username, String workspace_slug,
                  String created_at, String revoked_at) {
        static KeyRow of(ApiKey k) {
            return new KeyRow(k.publicId(), k.name(), k.prefix(), k.username(), k.workspaceSlug(),
                    k.createdAt().toString(), k.revokedAt() == null ? null : k.revokedAt().toString());
        }
    }

    @PostMapping("/admin/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedKey create(@RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String username = body.requiredString("username");
        String slug = body.requiredString("workspace_slug");
        String name = body.string("name");
        AccountService.checkKeyName(body, name);
        body.throwIfAny();
        IssuedKey issued = accounts.issueKey(username, slug, name);
        return new CreatedKey(issued.publicId(), issued.key(), issued.prefix());
    }

    @GetMapping("/admin/api-keys")
    Listing<KeyRow> list() {
        return new Listing<>(accounts.keys().stream().map(KeyRow::of).toList());
    }

    @DeleteMapping("/admin/api-keys/{id}")
    KeyRow revoke(@PathVariable String id) {
        return KeyRow.of(accounts.revokeKey(id));
    }
}

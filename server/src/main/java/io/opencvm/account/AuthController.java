package io.opencvm.account;

import io.opencvm.api.ApiVersion;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/auth/me}: who the key belongs to, in the shape the client's API version expects. */
@RestController
class AuthController {

    private final AccountService accounts;

    AuthController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/api/v1/auth/me")
    Object me(Caller caller, ApiVersion version) {
        CurrentAccount account = accounts.currentAccount(caller);
        return switch (version) {
            case V2025_10_28 -> CurrentUserV20251028.of(account);
            case V2026_01_21 -> CurrentUserV20260121.of(account);
        };
    }
}

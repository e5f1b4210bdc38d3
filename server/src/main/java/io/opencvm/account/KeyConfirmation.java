package io.opencvm.account;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Checks a key presented a second time to confirm a sensitive action (what stands in for 2FA here, see
 * {@code docs/security.md}): it must be a live key of the calling user or, when {@code operatorOnly}, of an
 * operator (an operator's key always confirms).
 */
@Component
public class KeyConfirmation {

    private final CallerStore callers;

    KeyConfirmation(CallerStore callers) {
        this.callers = callers;
    }

    public boolean confirms(Caller caller, String presentedKey, boolean operatorOnly) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return false;
        }
        Optional<Caller> owner = callers.findByKeyHash(ApiKeys.hash(presentedKey.trim()));
        return owner.isPresent() && (owner.get().admin() || (!operatorOnly && owner.get().userId() == caller.userId()));
    }
}

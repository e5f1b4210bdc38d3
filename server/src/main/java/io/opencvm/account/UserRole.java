package io.opencvm.account;

import java.util.Arrays;
import java.util.Optional;

/** A user's operator-level role; {@code admin} may use the {@code /admin/**} endpoints. */
public enum UserRole {
    ADMIN("admin"),
    USER("user");

    private final String wire;

    UserRole(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<UserRole> parse(String value) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(value)).findFirst();
    }
}

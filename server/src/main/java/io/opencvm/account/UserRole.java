package io.opencvm.account;

import java.util.Arrays;
import java.util.List;
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

    /** Every wire name, in order: the choices a 422 lists. */
    public static List<String> wires() {
        return Arrays.stream(values()).map(UserRole::wire).toList();
    }
}

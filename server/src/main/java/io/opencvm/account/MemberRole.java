package io.opencvm.account;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A user's role inside one workspace. */
public enum MemberRole {
    OWNER("owner"),
    ADMIN("admin"),
    MEMBER("member");

    private final String wire;

    MemberRole(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<MemberRole> parse(String value) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(value)).findFirst();
    }

    /** Every wire name, in order: the choices a 422 lists. */
    public static List<String> wires() {
        return Arrays.stream(values()).map(MemberRole::wire).toList();
    }
}

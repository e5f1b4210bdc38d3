package io.opencvm.cvm;

import io.opencvm.api.Tenancy;
import io.opencvm.node.Resources;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * One CVM row, grouped: who and what it is ({@code origin}), what it runs ({@code spec}), where it runs
 * ({@code placement}), what is wanted of it and what was seen of it ({@code state}), and when ({@code times}).
 * {@code id} is the v2025 numeric id, {@code publicId} the v2026 opaque id, {@code vmUuid} our id for its VM.
 * Built from a row in one place ({@code CvmStore.row}); a new field is one component of one group.
 */
public record Cvm(long id, String publicId, long workspaceId, String name, String vmUuid, CvmOrigin origin,
                  CvmSpec spec, CvmPlacement placement, CvmState state, CvmTimes times) implements Tenancy.Owned {

    /** What a CVM name looks like (an RFC 1123 label that starts with a letter), and how long it is. */
    public static final Pattern NAME = Pattern.compile("^[a-zA-Z](?!.*--)([a-zA-Z0-9-]*[a-zA-Z0-9])?$");
    public static final int NAME_MIN = 5;
    public static final int NAME_MAX = 63;

    /** A new CVM's generation; every change of what is wanted of it adds one. */
    public static final int FIRST_GENERATION = 0;

    /** Oldest first: by creation, then by id (rows created in the same instant keep their insertion order). */
    public static final Comparator<Cvm> OLDEST_FIRST =
            Comparator.comparing((Cvm c) -> c.times().createdAt()).thenComparingLong(Cvm::id);

    public String appId() {
        return origin.appId();
    }

    public String composeHash() {
        return spec.composeHash();
    }

    public Resources resources() {
        return spec.resources();
    }

    public long nodeId() {
        return placement.nodeId();
    }

    public CvmStatus status() {
        return state.status();
    }

    public String instanceId() {
        return state.observed().instanceId();
    }

    /** The VM's name on the node: the CVM name plus our uuid, which is how the node's VM is found again. */
    public String nodeVmName() {
        return name + "@" + vmUuid;
    }

    @Override
    public String toString() {
        return "Cvm[" + id + " " + name + " " + vmUuid + " " + state.status().wire() + "]"; // never the encrypted env
    }
}

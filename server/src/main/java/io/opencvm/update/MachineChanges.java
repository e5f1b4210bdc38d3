package io.opencvm.update;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmStatus;
import io.opencvm.node.Resources;
import java.util.List;

/**
 * The rules of changing a CVM's machine rather than its app: new resources (the disk only grows, as dstack's
 * {@code UpdateVm} requires), restarted only with leave. Pure; the caller records the change.
 */
final class MachineChanges {

    private MachineChanges() {
    }

    /** The CVM's resources with the given ones (null: kept); 400 when the disk would shrink or nothing changes. */
    static Resources resized(Cvm cvm, Integer vcpu, Integer memoryMb, Integer diskGb) {
        Resources now = cvm.resources();
        Resources next = Resources.ofCvm(vcpu != null ? vcpu : now.vcpu(), memoryMb != null ? memoryMb : now.memoryMb(),
                diskGb != null ? diskGb : now.diskGb());
        if (next.diskGb() < now.diskGb()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "disk_size cannot shrink: CVM " + cvm.name() + " has "
                    + now.diskGb() + " GB", List.of(ErrorDetail.field("disk_size", diskGb)));
        }
        return next;
    }

    /** A resize restarts a CVM that is not stopped: only with the caller's leave ({@code allow_restart}). */
    static void requireRestartAllowed(Cvm cvm, boolean allowRestart) {
        if (!allowRestart && cvm.status() != CvmStatus.STOPPED) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "Resizing CVM " + cvm.name() + " restarts it (it is "
                    + cvm.status().wire() + "): pass allow_restart (phala cvms resize -r) or stop it first",
                    List.of(ErrorDetail.field("allow_restart", false)));
        }
    }
}

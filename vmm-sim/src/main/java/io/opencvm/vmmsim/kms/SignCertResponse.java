package io.opencvm.vmmsim.kms;

import java.util.List;

/** KMS {@code SignCertResponse}: PEM certificates, leaf first. */
public record SignCertResponse(List<String> certificateChain) {
}

package io.opencvm.node;

import java.util.List;

/**
 * What one probe learned from a node: {@code "<version> (<rev>)"}, its images, and the identity
 * fields a simulator may add to GetMeta (null from a real dstack-vmm).
 */
record NodeReport(String version, String deviceId, String ppid, String fmspc, List<NodeImage> images,
                  String gatewayDomain) {
}

package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.node.VmmMessages.VmConfiguration;

/**
 * What dstack-vmm keeps on disk per VM (manifest, shared files, {@code vm-state.json}, {@code .instance_info},
 * the {@code .removing} marker and whether the data disk exists), as one JSON document.
 */
record VmFile(String id, long createdAtMs, VmConfiguration configuration, boolean started, boolean removing,
        boolean diskInitialised, String instanceIdSeed, String instanceId) {
}

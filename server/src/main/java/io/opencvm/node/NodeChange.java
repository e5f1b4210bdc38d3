package io.opencvm.node;

import java.util.Set;

/** A partial change of a registered node; a null field stays as it is. */
public record NodeChange(Integer vcpu, Integer memoryMb, Integer diskGb, Integer slots, Boolean listed,
                         Boolean openToAll, Set<String> workspaceSlugs) {

    Resources capacityOver(Resources current) {
        return new Resources(vcpu == null ? current.vcpu() : vcpu, memoryMb == null ? current.memoryMb() : memoryMb,
                diskGb == null ? current.diskGb() : diskGb, slots == null ? current.slots() : slots);
    }
}

package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.node.Node;
import io.opencvm.node.NodeStatus;
import io.opencvm.node.Placement;
import io.opencvm.node.Resources;
import io.opencvm.testsupport.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaPlacementTest {

    private static final long WS = 1;
    private static final Resources SMALL = Resources.ofCvm(2, 2048, 20);
    private static final Placement.Demand DEMAND = new Placement.Demand(WS, SMALL, "dstack-0.5.4");
    private static final Long KMS = 1L;

    @Test
    void withoutATargetTheReplicaStaysOnTheSourceNodeWhenItFits() {
        var d = ReplicaPlacement.decide(null, 1, KMS, DEMAND, List.of(node(1, 8), node(2, 16)));
        assertThat(d.node().id()).isEqualTo(1);
        assertThat(d.movedFromSource()).isFalse();
    }

    @Test
    void aFullSourceNodeSendsTheReplicaToTheRoomiestEligibleNode() {
        var d = ReplicaPlacement.decide(null, 1, KMS, DEMAND, List.of(node(1, 1), node(2, 4), node(3, 12)));
        assertThat(d.node().id()).isEqualTo(3);
        assertThat(d.movedFromSource()).isTrue();
    }

    @Test
    void fallbackSkipsNodesWithoutTheImageOrAnotherKmsOrClosedOrOffline() {
        List<Node> nodes = List.of(node(1, 0),
                with(2, 16, 1L, "dstack-0.5.3", NodeStatus.ONLINE, true),
                with(3, 16, 2L, "dstack-0.5.4", NodeStatus.ONLINE, true),
                with(4, 16, 1L, "dstack-0.5.4", NodeStatus.OFFLINE, true),
                with(5, 16, 1L, "dstack-0.5.4", NodeStatus.ONLINE, false),
                node(6, 3));
        assertThat(ReplicaPlacement.decide(null, 1, KMS, DEMAND, nodes).node().id()).isEqualTo(6);
    }

    @Test
    void whenNothingFitsTheSourceNodesRefusalIsReported() {
        assertThatThrownBy(() -> ReplicaPlacement.decide(null, 1, KMS, DEMAND, List.of(node(1, 1), node(2, 1))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_VCPU));
    }

    @Test
    void anExplicitNodeIsNeverSecondGuessed() {
        assertThatThrownBy(() -> ReplicaPlacement.decide(2L, 1, KMS, DEMAND, List.of(node(1, 16), node(2, 1))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_VCPU));
        assertThat(ReplicaPlacement.decide(2L, 1, KMS, DEMAND, List.of(node(1, 16), node(2, 4))).node().id()).isEqualTo(2);
    }

    @Test
    void explicitNodeRefusalsFollowTheContractTable() {
        assertCode(99L, List.of(node(1, 8)), ErrorCode.NODE_NOT_FOUND);
        assertCode(2L, List.of(node(1, 8), with(2, 8, 1L, "dstack-0.5.4", NodeStatus.OFFLINE, true)), ErrorCode.TEEPOD_NOT_ACCESSIBLE);
        assertCode(2L, List.of(node(1, 8), with(2, 8, 1L, "dstack-0.5.4", NodeStatus.ONLINE, false)), ErrorCode.NODE_NOT_FOUND);
        assertCode(2L, List.of(node(1, 8), with(2, 8, 1L, "dstack-0.6.0", NodeStatus.ONLINE, true)), ErrorCode.REPLICA_IMAGE_NOT_AVAILABLE);
        assertCode(2L, List.of(node(1, 8), withReserved(2, new Resources(0, 65536, 0, 0))), ErrorCode.INSUFFICIENT_MEMORY);
        assertCode(2L, List.of(node(1, 8), withReserved(2, new Resources(0, 0, 0, 20))), ErrorCode.INSUFFICIENT_SLOTS);
    }

    private static void assertCode(Long target, List<Node> nodes, ErrorCode code) {
        assertThatThrownBy(() -> ReplicaPlacement.decide(target, 1, KMS, DEMAND, nodes))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    private static Node node(long id, int freeVcpu) {
        return builder(id, freeVcpu).build();
    }

    private static NodeBuilder builder(long id, int freeVcpu) {
        return NodeBuilder.node(id).kms(1L).reserved(new Resources(16 - freeVcpu, 0, 0, 0));
    }

    private static Node with(long id, int freeVcpu, Long kms, String image, NodeStatus status, boolean open) {
        NodeBuilder node = builder(id, freeVcpu).kms(kms).image(image).status(status);
        return (open ? node : node.openTo()).build();
    }

    private static Node withReserved(long id, Resources reserved) {
        return builder(id, 8).reserved(reserved).build();
    }
}

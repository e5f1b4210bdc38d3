package io.opencvm.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.testsupport.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one placement rule, as tables over hand-made snapshots: no Spring, no database. */
class PlacementTest {

    private static final long WS = 7;
    private static final Placement.Demand SMALL = new Placement.Demand(WS, Resources.ofCvm(1, 1024, 10), null);

    /** Free vCPU, memory and slots of nodes 1, 2 and 3 ("v/m/s" each), and the node the rule picks. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4/4096/4 | 2/8192/8 | 1/1024/1 | 1",   // vCPU first, even against more memory
            "2/4096/4 | 2/8192/1 | 2/2048/9 | 2",   // then memory
            "2/4096/4 | 2/4096/9 | 2/4096/1 | 2",   // then slots
            "3/4096/4 | 3/4096/4 | 3/4096/4 | 1",   // then the lower id
            "0/4096/4 | 1/512/4  | 1/1024/1 | 3"})  // only nodes with room for the demand count
    void theNodeWithTheMostFreeVcpuThenMemoryThenSlotsThenTheLowerIdWins(String a, String b, String c, long expected) {
        List<Node> snapshot = List.of(node(1, a), node(2, b), node(3, c));
        assertThat(Placement.choose(null, snapshot, SMALL).id()).isEqualTo(expected);
        assertThat(Placement.best(List.of(snapshot.get(2), snapshot.get(1), snapshot.get(0)), SMALL)).map(Node::id)
                .as("the order of the snapshot does not matter").hasValue(expected);
    }

    @Test
    void nodesTheWorkspaceMayNotUseOrWithoutTheImageAreNeverChosen() {
        Node closed = closed(1);
        Node offline = NodeBuilder.node(2).images().status(NodeStatus.OFFLINE).build();
        Node noImage = node(3, "16/65536/20");
        Placement.Demand withImage = new Placement.Demand(WS, SMALL.resources(), "dstack-0.5.4");
        Node withIt = NodeBuilder.node(4).image("dstack-0.5.4").free(1, 1024, 1).build();
        assertThat(Placement.best(List.of(closed, offline, noImage, withIt), withImage)).map(Node::id).hasValue(4L);
        assertThat(Placement.best(List.of(closed, offline, noImage), withImage)).isEmpty();
    }

    @Test
    void whenNothingFitsTheRefusalIsResourceNotAvailable() {
        assertRefused(() -> Placement.choose(null, List.of(node(1, "0/65536/20")), SMALL), ErrorCode.RESOURCE_NOT_AVAILABLE);
    }

    @Test
    void aNamedNodeIsNeverSecondGuessedAndRefusesInOneOrder() {
        List<Node> snapshot = List.of(node(1, "16/65536/20"), node(2, "1/1024/1"));
        assertThat(Placement.choose(2L, snapshot, SMALL).id()).isEqualTo(2);
        assertRefused(() -> Placement.choose(9L, snapshot, SMALL), ErrorCode.NODE_NOT_FOUND);
        assertRefused(() -> Placement.named(List.of(NodeBuilder.node(3).openTo(WS + 1).free(0, 0, 0).build()), 3, SMALL), ErrorCode.NODE_NOT_FOUND);
        assertRefused(() -> Placement.named(List.of(NodeBuilder.node(3).images().status(NodeStatus.OFFLINE).build()), 3, SMALL),
                ErrorCode.TEEPOD_NOT_ACCESSIBLE);
        Placement.Demand withImage = new Placement.Demand(WS, SMALL.resources(), "dstack-0.6.0");
        assertRefused(() -> Placement.named(List.of(node(3, "0/0/0")), 3, withImage), ErrorCode.REPLICA_IMAGE_NOT_AVAILABLE);
        assertRefused(() -> Placement.named(List.of(node(3, "0/65536/20")), 3, SMALL), ErrorCode.INSUFFICIENT_VCPU);
        assertRefused(() -> Placement.named(List.of(node(3, "16/512/20")), 3, SMALL), ErrorCode.INSUFFICIENT_MEMORY);
        assertRefused(() -> Placement.named(List.of(node(3, "16/65536/0")), 3, SMALL), ErrorCode.INSUFFICIENT_SLOTS);
    }

    @Test
    void aNodeClosedToTheWorkspaceIsNotFoundLikeAMissingOneAndAnOfflineOneSaysSo() {
        assertThatThrownBy(() -> closed(1).requireUsableBy(WS)).hasMessage("Node 1 not found");
        assertRefused(() -> closed(1).requireUsableBy(WS), ErrorCode.NODE_NOT_FOUND);
        assertThatThrownBy(() -> NodeBuilder.node(1).status(NodeStatus.OFFLINE).build().requireUsableBy(WS))
                .hasMessage("Node node-1 is offline");
    }

    @Test
    void theBootImageIsTheRequestedOneOrTheNewestReleaseImage() {
        Node n = NodeBuilder.node(1).images(new NodeImage("dstack-0.5.4", "0.5.4", false, null),
                new NodeImage("dstack-0.10.1", "0.10.1", false, null), new NodeImage("dstack-dev-0.11.0", "0.11.0", true, null))
                .build();
        assertThat(Placement.bootImage(n, null).name()).isEqualTo("dstack-0.10.1");
        assertThat(Placement.bootImage(n, "dstack-0.5.4").name()).isEqualTo("dstack-0.5.4");
        assertRefused(() -> Placement.bootImage(n, "dstack-9.9.9"), ErrorCode.IMAGE_NOT_FOUND);
    }

    private static void assertRefused(Runnable decision, ErrorCode code) {
        assertThatThrownBy(decision::run).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    /** A node with {@code free} ("v/m/s") free of 16 vCPU / 65536 MB / 20 slots. */
    private static Node node(long id, String free) {
        String[] f = free.trim().split("/");
        return NodeBuilder.node(id).images().free(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]))
                .build();
    }

    private static Node closed(long id) {
        return NodeBuilder.node(id).images().openTo(WS + 1).build();
    }
}

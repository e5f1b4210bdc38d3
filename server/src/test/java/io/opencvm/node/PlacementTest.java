package io.opencvm.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import java.util.List;
import java.util.Set;
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
        Node closed = closed(node(1, "16/65536/20"));
        Node offline = offline(node(2, "16/65536/20"));
        Node otherImage = node(3, "16/65536/20");
        Node small = node(4, "1/1024/1");
        Placement.Demand withImage = new Placement.Demand(WS, SMALL.resources(), "dstack-0.5.4");
        Node withIt = withImage(small, "dstack-0.5.4");
        assertThat(Placement.best(List.of(closed, offline, otherImage, withIt), withImage)).map(Node::id).hasValue(4L);
        assertThat(Placement.best(List.of(closed, offline, otherImage), withImage)).isEmpty();
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
        assertRefused(() -> Placement.named(List.of(closed(node(3, "0/0/0"))), 3, SMALL), ErrorCode.TEEPOD_NOT_ACCESSIBLE);
        assertRefused(() -> Placement.named(List.of(offline(node(3, "16/65536/20"))), 3, SMALL),
                ErrorCode.TEEPOD_NOT_ACCESSIBLE);
        Placement.Demand withImage = new Placement.Demand(WS, SMALL.resources(), "dstack-0.6.0");
        assertRefused(() -> Placement.named(List.of(node(3, "0/0/0")), 3, withImage), ErrorCode.REPLICA_IMAGE_NOT_AVAILABLE);
        assertRefused(() -> Placement.named(List.of(node(3, "0/65536/20")), 3, SMALL), ErrorCode.INSUFFICIENT_VCPU);
        assertRefused(() -> Placement.named(List.of(node(3, "16/512/20")), 3, SMALL), ErrorCode.INSUFFICIENT_MEMORY);
        assertRefused(() -> Placement.named(List.of(node(3, "16/65536/0")), 3, SMALL), ErrorCode.INSUFFICIENT_SLOTS);
    }

    @Test
    void theAccessRefusalSaysWhetherTheNodeIsClosedOrOffline() {
        assertThatThrownBy(() -> closed(node(1, "1/1/1")).requireUsableBy(WS)).hasMessage("Node node-1 is not open to this workspace");
        assertThatThrownBy(() -> offline(node(1, "1/1/1")).requireUsableBy(WS)).hasMessage("Node node-1 is offline");
    }

    @Test
    void theBootImageIsTheRequestedOneOrTheNewestReleaseImage() {
        Node n = withImages(node(1, "1/1/1"), List.of(new NodeImage("dstack-0.5.4", "0.5.4", false, null),
                new NodeImage("dstack-0.10.1", "0.10.1", false, null), new NodeImage("dstack-dev-0.11.0", "0.11.0", true, null)));
        assertThat(Placement.bootImage(n, null).name()).isEqualTo("dstack-0.10.1");
        assertThat(Placement.bootImage(n, "dstack-0.5.4").name()).isEqualTo("dstack-0.5.4");
        assertRefused(() -> Placement.bootImage(n, "dstack-9.9.9"), ErrorCode.IMAGE_NOT_FOUND);
    }

    private static void assertRefused(Runnable decision, ErrorCode code) {
        assertThatThrownBy(decision::run).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    /** A node open to all, online, capacity 16 vCPU / 65536 MB / 2000 GB / 20 slots, with {@code free} ("v/m/s") free. */
    private static Node node(long id, String free) {
        String[] f = free.trim().split("/");
        Resources capacity = new Resources(16, 65536, 2000, 20);
        Resources reserved = capacity.minus(new Resources(Integer.parseInt(f[0]), Integer.parseInt(f[1]), 2000,
                Integer.parseInt(f[2])));
        return new Node(id, "node-" + id, "http://127.0.0.1:1", null, "local", true, true, Set.of(), null, capacity,
                reserved, null, null, null, "0.5.4", NodeStatus.ONLINE, null, List.of());
    }

    private static Node closed(Node n) {
        return new Node(n.id(), n.name(), n.vmmUrl(), null, n.region(), true, false, Set.of(WS + 1), n.kmsId(),
                n.capacity(), n.reserved(), null, null, null, n.version(), n.status(), null, n.images());
    }

    private static Node offline(Node n) {
        return new Node(n.id(), n.name(), n.vmmUrl(), null, n.region(), true, true, Set.of(), n.kmsId(), n.capacity(),
                n.reserved(), null, null, null, n.version(), NodeStatus.OFFLINE, null, n.images());
    }

    private static Node withImage(Node n, String image) {
        return withImages(n, List.of(new NodeImage(image, "0.5.4", false, null)));
    }

    private static Node withImages(Node n, List<NodeImage> images) {
        return new Node(n.id(), n.name(), n.vmmUrl(), null, n.region(), true, true, Set.of(), n.kmsId(), n.capacity(),
                n.reserved(), null, null, null, n.version(), n.status(), null, images);
    }
}

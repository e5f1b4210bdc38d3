package io.opencvm.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.testsupport.ServerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

@ServerTest
@TestPropertySource(properties = "opencvm.nodes.probe-interval=PT1H")
class NodeReservationTest {

    @Autowired
    NodeRegistry registry;
    @Autowired
    NodeService nodes;

    private Node node(int vcpu, int memoryMb, int diskGb, int slots) {
        return registry.register(new NodeRegistration("r-" + UUID.randomUUID().toString().substring(0, 8),
                "http://127.0.0.1:9/", null, null, true, true, Set.of(), null, new Resources(vcpu, memoryMb, diskGb, slots),
                null));
    }

    @ParameterizedTest(name = "{4} when asking {0} vCPU, {1} MB, {2} GB, {3} slots")
    @CsvSource({
            "5, 1024, 10, 1, INSUFFICIENT_VCPU",
            "1, 9000, 10, 1, INSUFFICIENT_MEMORY",
            "1, 1024, 10, 3, INSUFFICIENT_SLOTS",
            "1, 1024, 999, 1, RESOURCE_NOT_AVAILABLE"})
    void aReservationThatDoesNotFitIsRefusedWithTheCodeOfTheMissingResourceAndChangesNothing(
            int vcpu, int memoryMb, int diskGb, int slots, ErrorCode code) {
        Node node = node(4, 8192, 100, 2);
        assertThat(nodes.reserve(node.id(), new Resources(1, 1024, 10, 1))).isTrue();
        Resources demand = new Resources(vcpu, memoryMb, diskGb, slots);

        assertThat(nodes.reserve(node.id(), demand)).isFalse();
        assertThat(nodes.roomRefusal(node.id(), demand).errorCode()).isEqualTo(code);
        assertThat(nodes.get(node.id()).reserved()).isEqualTo(new Resources(1, 1024, 10, 1));
    }

    @Test
    void reservingOnAnUnknownOrRemovedNodeIs404() {
        Node node = node(4, 8192, 100, 2);
        registry.remove(node.id());

        for (long id : List.of(node.id(), 987654L)) {
            assertThat(nodes.reserve(id, Resources.ofCvm(1, 1, 1))).isFalse();
            assertThatThrownBy(() -> nodes.roomRefusal(id, Resources.ofCvm(1, 1, 1)))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NODE_NOT_FOUND));
        }
    }

    @Test
    void releaseGivesCapacityBackAndNeverGoesBelowZero() {
        Node node = node(4, 8192, 100, 2);
        assertThat(nodes.reserve(node.id(), Resources.ofCvm(2, 2048, 20))).isTrue();

        nodes.release(node.id(), Resources.ofCvm(2, 2048, 20));
        nodes.release(node.id(), Resources.ofCvm(2, 2048, 20));

        assertThat(nodes.get(node.id()).reserved()).isEqualTo(new Resources(0, 0, 0, 0));
    }

    @Test
    void twentyConcurrentReservationsOnANodeWithRoomForSevenLetExactlySevenThrough() throws Exception {
        Node node = node(7, 7 * 1024, 70, 20);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return nodes.reserve(node.id(), Resources.ofCvm(1, 1024, 10));
            }));
        }
        start.countDown();
        int succeeded = 0;
        for (Future<Boolean> r : results) {
            succeeded += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();

        assertThat(succeeded).isEqualTo(7);
        assertThat(nodes.roomRefusal(node.id(), Resources.ofCvm(1, 1024, 10)).errorCode())
                .isEqualTo(ErrorCode.INSUFFICIENT_VCPU);
        assertThat(nodes.get(node.id()).reserved()).isEqualTo(new Resources(7, 7 * 1024, 70, 7));
    }
}

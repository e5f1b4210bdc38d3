package io.opencvm.cvm;

import io.opencvm.api.OperatorOnly;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operator's view of recent operations: every workspace's, in the shape of {@code /api/v1/workspace/operations}. */
@RestController
@OperatorOnly
class AdminOperationsController {

    private final RecentOperations recent;

    AdminOperationsController(RecentOperations recent) {
        this.recent = recent;
    }

    @GetMapping("/admin/operations")
    Map<String, Object> all(@RequestParam(name = "limit", required = false) String limit,
                            @RequestParam(name = "cursor", required = false) String cursor) {
        return CvmOperationsController.recentPage(recent, null, limit, cursor);
    }
}

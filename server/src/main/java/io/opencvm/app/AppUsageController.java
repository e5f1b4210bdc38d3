package io.opencvm.app;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.Fields;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /apps/{app_id}/usage}: a self-hosted plane meters and bills nothing (as its zero credits say), so an app's
 * usage is always empty; the app and the query are still checked as Phala Cloud checks them.
 */
@RestController
@RequestMapping("/api/v1/apps")
class AppUsageController {

    private final AppService apps;

    AppUsageController(AppService apps) {
        this.apps = apps;
    }

    @GetMapping("/{appId}/usage")
    Map<String, Object> usage(Caller caller, @PathVariable String appId,
                              @RequestParam(name = "start_date", required = false) String startDate,
                              @RequestParam(name = "end_date", required = false) String endDate,
                              @RequestParam(name = "limit", required = false) Integer limit,
                              @RequestParam(name = "offset", required = false) Integer offset) {
        Fields query = Fields.of("query");
        OffsetDateTime start = dateTime(query, "start_date", startDate);
        OffsetDateTime end = dateTime(query, "end_date", endDate);
        query.between("limit", limit, 1, 5000);
        query.atLeast("offset", offset, 0);
        query.throwIfAny();
        if (start != null && end != null && end.isBefore(start)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "end_date is before start_date");
        }
        apps.inWorkspace(caller.workspaceId(), appId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("usage", List.of());
        m.put("total", 0);
        m.put("total_cost", 0.0);
        return m;
    }

    private static OffsetDateTime dateTime(Fields query, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            query.check(field, value, false, "Input should be a valid datetime");
            return null;
        }
    }
}

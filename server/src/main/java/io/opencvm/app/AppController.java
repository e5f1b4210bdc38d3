package io.opencvm.app;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiVersion;
import io.opencvm.api.PageRequest;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /apps}, {@code GET /apps/{app_id}}, {@code GET /apps/{app_id}/cvms}: CVMs grouped by app; and
 * {@code GET /apps/filter-options}, what they can be filtered by.
 */
@RestController
@RequestMapping("/api/v1/apps")
class AppController {

    private final AppListing listing;

    AppController(AppListing listing) {
        this.listing = listing;
    }

    @GetMapping
    Map<String, Object> apps(Caller caller, ApiVersion version,
                             @RequestParam(name = "page", required = false) Integer page,
                             @RequestParam(name = "page_size", required = false) Integer pageSize,
                             @RequestParam(name = "search", required = false) String search,
                             @RequestParam(name = "status", required = false) List<String> status) {
        return listing.page(caller, version, PageRequest.of(page, pageSize, 50), search,
                status == null ? List.of() : status);
    }

    /** A literal segment: matched before {@code /{appId}}, which would otherwise take it for an app id. */
    @GetMapping("/filter-options")
    Map<String, Object> filterOptions(Caller caller) {
        return listing.filterOptions(caller);
    }

    @GetMapping("/{appId}")
    Map<String, Object> app(Caller caller, ApiVersion version, @PathVariable String appId) {
        return listing.app(caller, version, appId);
    }

    @GetMapping("/{appId}/cvms")
    List<Map<String, Object>> cvms(Caller caller, ApiVersion version, @PathVariable String appId) {
        return listing.cvms(caller, version, appId);
    }
}

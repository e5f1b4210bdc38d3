package io.opencvm.kms;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.opencvm.api.ValidationProblem;
import java.util.List;

/** {@code GET /kms}: strict top level, exactly {@code items, total, page, page_size, pages}. */
record KmsPage(List<KmsInfo> items, long total, int page, @JsonProperty("page_size") int pageSize, int pages) {

    static final int MAX_PAGE_SIZE = 100;

    /** One page of {@code all}; 422 for a page below 1 or a page size outside 1..100. */
    static KmsPage of(List<KmsInfo> all, int page, int pageSize) {
        if (page < 1) {
            throw ValidationProblem.of(List.of("query", "page"), "Input should be greater than or equal to 1",
                    "greater_than_equal", page);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ValidationProblem.of(List.of("query", "page_size"), "Input should be between 1 and " + MAX_PAGE_SIZE,
                    "value_error", pageSize);
        }
        int from = (int) Math.min((long) (page - 1) * pageSize, all.size());
        int to = Math.min(from + pageSize, all.size());
        int pages = (all.size() + pageSize - 1) / pageSize;
        return new KmsPage(all.subList(from, to), all.size(), page, pageSize, pages);
    }
}

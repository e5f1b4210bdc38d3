package io.opencvm.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Function;

/**
 * A page of a list in the API's page envelope, exactly {@code items, total, page, page_size, pages}
 * (some clients parse it strictly, so nothing else may be added).
 */
public record Page<T>(List<T> items, long total, int page, @JsonProperty("page_size") int pageSize, int pages) {

    public static final int MAX_PAGE_SIZE = 100;

    /** Page {@code page} (1-based) of {@code all}, each item mapped; 422 for a page below 1 or a size outside 1..100. */
    public static <S, T> Page<T> of(List<S> all, int page, int pageSize, Function<S, T> map) {
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
        return new Page<>(all.subList(from, to).stream().map(map).toList(), all.size(), page, pageSize, pages);
    }
}

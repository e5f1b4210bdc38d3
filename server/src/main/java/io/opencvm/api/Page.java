package io.opencvm.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Function;

/**
 * A page of a list in the API's page envelope, exactly {@code items, total, page, page_size, pages}
 * (some clients parse it strictly, so nothing else may be added).
 */
public record Page<T>(List<T> items, long total, int page, @JsonProperty("page_size") int pageSize, int pages) {

    /** The requested page of {@code all}, each item mapped. */
    public static <S, T> Page<T> of(List<S> all, PageRequest request, Function<S, T> map) {
        int from = (int) Math.min(request.offset(), all.size());
        int to = (int) Math.min((long) from + request.pageSize(), all.size());
        return of(all.subList(from, to).stream().map(map).toList(), all.size(), request);
    }

    /** A page whose items were already cut out of {@code total}. */
    public static <T> Page<T> of(List<T> items, long total, PageRequest request) {
        return new Page<>(items, total, request.page(), request.pageSize(), request.pages(total));
    }
}

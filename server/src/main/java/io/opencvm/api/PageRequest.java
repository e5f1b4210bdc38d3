package io.opencvm.api;

/**
 * The page a list request asks for, by the one page rule of the API: {@code page >= 1} and
 * {@code 1 <= page_size <= 100}, else 422 ({@code greater_than_equal} / {@code less_than_equal}); never
 * clamped. The offset is a {@code long}, so any page, however far, is an empty page rather than an overflow.
 */
public record PageRequest(int page, int pageSize) {

    public static final int MAX_PAGE_SIZE = 100;

    /** The query's {@code page} and {@code page_size}; absent ones take 1 and {@code defaultPageSize}. */
    public static PageRequest of(Integer page, Integer pageSize, int defaultPageSize) {
        Fields query = Fields.of("query");
        query.atLeast("page", page, 1);
        query.between("page_size", pageSize, 1, MAX_PAGE_SIZE);
        query.throwIfAny();
        return new PageRequest(page == null ? 1 : page, pageSize == null ? defaultPageSize : pageSize);
    }

    /** How many items come before this page. */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    /** How many pages {@code total} items fill. */
    public int pages(long total) {
        return (int) ((total + pageSize - 1) / pageSize);
    }
}

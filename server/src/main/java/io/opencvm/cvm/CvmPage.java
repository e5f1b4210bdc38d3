package io.opencvm.cvm;

import java.util.List;

/** One page of CVMs (1-based page numbers). */
public record CvmPage(List<CvmView> items, int total, int page, int pageSize) {

    public int pages() {
        return pageSize == 0 ? 0 : (total + pageSize - 1) / pageSize;
    }
}

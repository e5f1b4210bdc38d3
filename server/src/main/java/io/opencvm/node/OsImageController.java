package io.opencvm.node;

import io.opencvm.account.Caller;
import io.opencvm.api.Fields;
import io.opencvm.api.Page;
import io.opencvm.api.PageRequest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /os-images}: the OS images the nodes the caller's workspace may use reported (ListImages), one entry per
 * image name, newest version first; {@code is_dev} keeps only dev ({@code true}) or production ({@code false}) ones.
 */
@RestController
@RequestMapping("/api/v1/os-images")
class OsImageController {

    /** {@code OsImageResponse} as the SDK reads it; no image needs a GPU on these nodes. */
    record OsImageView(String name, String slug, String version, String os_image_hash, boolean is_dev,
                       boolean requires_gpu) {
    }

    private final NodeService nodes;

    OsImageController(NodeService nodes) {
        this.nodes = nodes;
    }

    @GetMapping
    Page<OsImageView> list(Caller caller, @RequestParam(name = "page", required = false) Integer page,
                           @RequestParam(name = "page_size", required = false) Integer pageSize,
                           @RequestParam(name = "is_dev", required = false) String isDev) {
        Fields query = Fields.of("query");
        Boolean dev = query.booleanText("is_dev", isDev);
        query.throwIfAny();
        PageRequest request = PageRequest.of(page, pageSize, 100);
        Map<String, NodeImage> byName = new LinkedHashMap<>();
        nodes.all().stream().filter(n -> n.usableBy(caller.workspaceId())).flatMap(n -> n.images().stream())
                .filter(i -> dev == null || i.isDev() == dev)
                .forEach(i -> byName.merge(i.name(), i, (a, b) -> a.osImageHash() != null ? a : b));
        List<NodeImage> images = byName.values().stream()
                .sorted(Comparator.comparing(NodeImage::version).reversed().thenComparing(NodeImage::name)).toList();
        return Page.of(images, request, i -> new OsImageView(i.name(), i.name(), i.version(), i.osImageHash(),
                i.isDev(), false));
    }
}

package io.opencvm.node;

import io.opencvm.vmm.VmmClient;
import io.opencvm.vmm.VmmClients;
import io.opencvm.vmm.VmmException;
import io.opencvm.vmm.VmmMessages.ImageInfo;
import io.opencvm.vmm.VmmMessages.ImageListResponse;
import io.opencvm.vmm.VmmMessages.MetaResponse;
import io.opencvm.vmm.VmmMessages.VersionResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks one node who it is: {@code Version}, {@code GetMeta} and {@code ListImages} over pRPC. Any
 * failure is a {@link VmmException}. A real node does not report its device id; when the reply carries
 * one (the project's simulator does) it replaces the registered value.
 */
@Component
class NodeProbe {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,64}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final VmmClients clients;

    NodeProbe(VmmClients clients) {
        this.clients = clients;
    }

    NodeReport probe(Node node) {
        VmmClient client = clients.forNode(node.settings().vmmUrl(), node.settings().vmmToken());
        VersionResponse version = client.version();
        if (version == null || version.version() == null) {
            throw new VmmException(VmmException.Kind.PROTOCOL, "Version answered without a version", null);
        }
        MetaResponse meta = client.getMeta();
        ImageListResponse images = client.listImages();
        return new NodeReport(versionText(version), meta == null ? null : hex(meta.deviceId()),
                meta == null ? null : blankToNull(meta.ppid()), meta == null ? null : blankToNull(meta.fmspc()),
                images == null || images.images() == null ? List.of() : images(images.images()),
                meta == null || meta.gateway() == null ? null : blankToNull(meta.gateway().baseDomain()));
    }

    private static String versionText(VersionResponse v) {
        return v.rev() == null || v.rev().isBlank() ? v.version() : v.version() + " (" + v.rev() + ")";
    }

    private static List<NodeImage> images(List<ImageInfo> infos) {
        return infos.stream()
                .filter(i -> i.name() != null && !i.name().isBlank() && i.name().length() <= 64)
                .map(i -> new NodeImage(i.name(), clip(i.version() == null ? "" : i.version(), 32), i.isDev(),
                        osImageHash(i.description())))
                .sorted(Comparator.comparing(NodeImage::name))
                .toList();
    }

    /** The image's {@code metadata.json} (as the description string) carries the OS image hash as {@code digest}. */
    static String osImageHash(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        try {
            JsonNode metadata = JSON.readTree(description);
            String digest = text(metadata, "digest");
            return hex(digest != null ? digest : text(metadata, "os_image_hash"));
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || !value.isString() || value.asString().isBlank() ? null : value.asString();
    }

    /** Lower-case hex without {@code 0x} or {@code sha256:}; null for anything that is not hex. */
    private static String hex(String value) {
        if (value == null) {
            return null;
        }
        String v = value.toLowerCase(Locale.ROOT);
        v = v.startsWith("sha256:") ? v.substring(7) : v;
        v = v.startsWith("0x") ? v.substring(2) : v;
        return HEX.matcher(v).matches() ? v : null;
    }

    private static String clip(String s, int max) {
        return Objects.requireNonNull(s).length() <= max ? s : s.substring(0, max);
    }
}

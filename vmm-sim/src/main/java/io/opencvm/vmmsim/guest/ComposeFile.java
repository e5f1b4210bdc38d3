package io.opencvm.vmmsim.guest;

import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.prpc.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The containers {@code docker compose up} would create from an app's {@code docker_compose_file}: one per service
 * (or per replica with {@code scale} / {@code deploy.replicas}), named as Compose v2 names them,
 * {@code <project>-<service>-<n>} (or {@code container_name}). The project is the top-level {@code name}, else
 * {@code dstack}: dstack runs Compose from {@code WorkingDirectory=/dstack} ({@code app-compose.service}).
 *
 * @param containers in service order, then replica number
 */
public record ComposeFile(String project, List<Container> containers) {

    public static final String DEFAULT_PROJECT = "dstack";
    private static final int MAX_REPLICAS = 16;

    public ComposeFile {
        containers = List.copyOf(containers);
    }

    /**
     * One container to run.
     *
     * @param name without Docker's leading slash
     * @param definitionHash changes when the service definition changes (Compose then recreates the container)
     */
    public record Container(String service, String name, String image, String definitionHash) {
    }

    /**
     * Parses the YAML as Compose would load it.
     *
     * @throws IllegalArgumentException with Compose-like wording when Compose would refuse the file
     */
    public static ComposeFile parse(String yaml) {
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel("docker-compose.yaml").build()).loadFromString(
                    yaml == null ? "" : yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("yaml: " + firstLine(e.getMessage()));
        }
        if (!(document instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException("Top-level object must be a mapping");
        }
        String project = top.get("name") instanceof String name ? normalize(name) : DEFAULT_PROJECT;
        Object services = top.get("services");
        if (services != null && !(services instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("services must be a mapping");
        }
        List<Container> out = new ArrayList<>();
        if (services instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                addService(out, project, String.valueOf(entry.getKey()), entry.getValue());
            }
        }
        return new ComposeFile(project, out);
    }

    private static void addService(List<Container> out, String project, String service, Object definition) {
        Map<?, ?> spec = definition instanceof Map<?, ?> m ? m : Map.of();
        Object image = spec.get("image");
        String imageName;
        if (image != null) {
            imageName = String.valueOf(image);
        } else if (spec.containsKey("build")) {
            imageName = project + "-" + service;
        } else {
            throw new IllegalArgumentException("service \"" + service
                    + "\" has neither an image nor a build context specified: invalid compose project");
        }
        String hash = Hex.encode(Sha256.hash(Json.MAPPER.writeValueAsString(spec)));
        int replicas = replicas(spec);
        for (int n = 1; n <= replicas; n++) {
            String name = n == 1 && spec.get("container_name") instanceof String fixed ? fixed
                    : project + "-" + service + "-" + n;
            out.add(new Container(service, name, imageName, hash));
        }
    }

    private static int replicas(Map<?, ?> spec) {
        Object count = spec.get("scale");
        if (spec.get("deploy") instanceof Map<?, ?> deploy && deploy.get("replicas") != null) {
            count = deploy.get("replicas");
        }
        if (count instanceof Number n) {
            return (int) Math.max(0, Math.min(MAX_REPLICAS, n.longValue()));
        }
        return 1;
    }

    /** Compose's project-name rule: lower case, only {@code [a-z0-9_-]}. */
    private static String normalize(String name) {
        String out = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        return out.isEmpty() ? DEFAULT_PROJECT : out;
    }

    private static String firstLine(String message) {
        String text = message == null ? "invalid YAML" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}

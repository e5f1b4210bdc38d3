package io.opencvm.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code GET /teepods/available}: the nodes a workspace can deploy to, and every KMS as {@code KmsInfo}. */
record AvailableNodesResponse(String tier, Map<String, Object> capacity, List<AvailableNode> nodes,
                              @JsonProperty("kms_list") List<KmsInfo> kmsList) {

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    static AvailableNodesResponse of(String tier, List<Node> nodes, List<Kms> kmss) {
        Map<Long, Kms> byPk = kmss.stream().collect(Collectors.toMap(Kms::pk, Function.identity()));
        Optional<Kms> fallback = kmss.stream().filter(Kms::isDefault).findFirst();
        List<AvailableNode> available = nodes.stream()
                .map(n -> AvailableNode.of(n, Optional.ofNullable(n.kmsId()).map(byPk::get).or(() -> fallback)))
                .toList();
        return new AvailableNodesResponse(tier, Map.of(), available, kmss.stream().map(KmsInfo::of).toList());
    }

    /** "0.5.4" → [0,5,4]; "v0.5.4.1" → [0,5,4,1]; a version without numbers falls back to the image name. */
    static List<Integer> versionNumbers(String version, String imageName) {
        List<Integer> numbers = numbers(version);
        if (numbers.isEmpty()) {
            numbers = numbers(imageName);
        }
        while (numbers.size() < 3) {
            numbers.add(0);
        }
        return List.copyOf(numbers.subList(0, Math.min(4, numbers.size())));
    }

    private static List<Integer> numbers(String text) {
        List<Integer> numbers = new ArrayList<>();
        if (text == null) {
            return numbers;
        }
        Matcher m = NUMBER.matcher(text);
        while (m.find() && numbers.size() < 4) {
            numbers.add(Integer.parseInt(m.group().length() > 9 ? m.group().substring(0, 9) : m.group()));
        }
        return numbers;
    }

    /** Free share of the node, 0..1: the mean of its free vCPU, memory and slot fractions. */
    static double resourceScore(Node n) {
        Resources cap = n.capacity();
        Resources free = n.free();
        double score = (fraction(free.vcpu(), cap.vcpu()) + fraction(free.memoryMb(), cap.memoryMb())
                + fraction(free.slots(), cap.slots())) / 3;
        return Math.round(score * 100) / 100.0;
    }

    private static double fraction(int free, int capacity) {
        return capacity <= 0 ? 0 : Math.max(0, (double) free / capacity);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AvailableNode(long teepodId, String name, boolean listed, double resourceScore, int remainingVcpu,
                         int remainingMemory, int remainingCvmSlots, List<Image> images, boolean supportOnchainKms,
                         String fmspc, String deviceId, String regionIdentifier, String defaultKms,
                         List<String> kmsList) {

        static AvailableNode of(Node n, Optional<Kms> kms) {
            Resources free = n.free();
            return new AvailableNode(n.id(), n.name(), n.settings().listed(), AvailableNodesResponse.resourceScore(n), free.vcpu(), free.memoryMb(),
                    free.slots(), n.images().stream().map(Image::of).toList(), kms.map(Kms::onChain).orElse(false),
                    n.facts().fmspc(), n.deviceId(), n.settings().region(), kms.map(Kms::publicId).orElse(null),
                    kms.map(k -> List.of(k.publicId())).orElse(List.of()));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Image(String name, boolean isDev, List<Integer> version, String osImageHash) {

        static Image of(NodeImage i) {
            return new Image(i.name(), i.isDev(), versionNumbers(i.version(), i.name()), i.osImageHash());
        }
    }
}

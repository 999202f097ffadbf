package io.hutong.console.internal;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalog page's requirement form, as the fields of {@code query_computing_resources}'s
 * {@code data.resources}. Fields are sent as typed: {@code 8} a number, {@code 8+} or {@code 4x}
 * text, {@code a, b} a list; the API checks them and names the field of a wrong one.
 */
public record RequirementForm(String accelerator, String acceleratorCount, String cpus, String memory, String disk,
        String region, String zone, String industry, String provider, String maxPricePerHour, String hours,
        String nodes, Boolean interruptible, String limit, String rejectionLimit) {

    private static final Pattern INTEGER = Pattern.compile("\\d{1,9}");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,12}(\\.\\d{1,6})?");

    /** Whether anything was asked: the page shows results only then. */
    public boolean asked() {
        return Arrays.asList(accelerator, acceleratorCount, cpus, memory, disk, region, zone, industry, provider,
                maxPricePerHour, hours, nodes).stream().anyMatch(RequirementForm::given) || Boolean.TRUE.equals(interruptible);
    }

    public ObjectNode data(JsonMapper json) {
        ObjectNode resources = json.createObjectNode();
        String[][] scalars = {{"accelerator", accelerator}, {"accelerator_count", acceleratorCount}, {"cpus", cpus},
            {"memory", memory}, {"disk", disk}, {"max_price_per_hour", maxPricePerHour}, {"hours", hours},
            {"nodes", nodes}};
        for (String[] field : scalars) {
            scalar(resources, field[0], field[1]);
        }
        String[][] sets = {{"region", region}, {"zone", zone}, {"industry", industry}, {"provider", provider}};
        for (String[] field : sets) {
            oneOrMany(resources, field[0], field[1]);
        }
        if (Boolean.TRUE.equals(interruptible)) {
            resources.put("interruptible", true);
        }
        ObjectNode data = json.createObjectNode();
        data.set("resources", resources);
        scalar(data, "limit", limit);
        scalar(data, "rejection_limit", rejectionLimit);
        return data;
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    private static void scalar(ObjectNode node, String field, String value) {
        if (!given(value)) {
            return;
        }
        String v = value.strip();
        if (INTEGER.matcher(v).matches()) {
            node.put(field, Long.parseLong(v));
        } else if (NUMBER.matcher(v).matches()) {
            node.put(field, Double.parseDouble(v));
        } else {
            node.put(field, v);
        }
    }

    private static void oneOrMany(ObjectNode node, String field, String value) {
        if (!given(value)) {
            return;
        }
        List<String> values = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (values.size() == 1) {
            node.put(field, values.get(0));
        } else {
            values.forEach(node.putArray(field)::add);
        }
    }
}

package io.hutong.catalog.internal;

import io.hutong.web.Violations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What a request asks of an offer. Null parts ask nothing.
 *
 * @param hours expected run time: cost = price per hour × hours × nodes
 * @param nodes how many instances of the offer
 * @param interruptible rank by the interruptible (spot) price; offers without one do not fit
 */
public record Requirement(Selector accelerator, Quantity acceleratorCount, Quantity cpus, Quantity memory,
        Quantity disk, Selector region, Selector zone, Selector industry, Selector provider, Double maxPricePerHour,
        double hours, int nodes, boolean interruptible) {

    static final Set<String> FIELDS = Set.of("accelerator", "accelerator_count", "cpus", "memory", "disk", "region",
            "zone", "industry", "provider", "max_price_per_hour", "hours", "nodes", "interruptible");
    private static final Pattern QUANTITY = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?)\\s*([+xX]?)");
    private static final Pattern ACCELERATOR = Pattern.compile("([^:]+):(\\d{1,6}\\+?)");

    public static final Requirement ANY = new Requirement(null, null, null, null, null, null, null, null, null, null,
            1, 1, false);

    /** Exactly {@code value}, at least ({@code 8+}), or at least {@code value} GiB per vCPU ({@code 4x}, memory only). */
    public record Quantity(double value, Form form) {

        public enum Form { EXACT, AT_LEAST, PER_VCPU }

        /** The least amount an offer with {@code vcpus} must have. */
        double needed(Integer vcpus) {
            return form == Form.PER_VCPU ? value * (vcpus == null ? 0 : vcpus) : value;
        }

        boolean accepts(double amount, Integer vcpus) {
            double need = needed(vcpus);
            return form == Form.EXACT ? Math.abs(amount - need) < 1e-6 : amount + 1e-6 >= need;
        }

        @Override
        public String toString() {
            String number = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
            return switch (form) {
                case EXACT -> number;
                case AT_LEAST -> number + "+";
                case PER_VCPU -> number + "x";
            };
        }
    }

    /**
     * A set of accepted ({@code in}) or refused ({@code notin}) values, compared without case (and
     * without lower-casing every offer's value on the hot path).
     */
    public static final class Selector {

        private final List<String> listed;
        private final Set<String> values = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        /**
         * Membership by the catalog's own spelling: a search asks about the same few region, zone and
         * model names for every offer, and a hash lookup is far cheaper than a case-blind comparison.
         */
        private final Map<String, Boolean> members = new ConcurrentHashMap<>();
        private final boolean notIn;
        /** Written once: every rejection reason about this rule quotes it. */
        private final String text;

        Selector(Collection<String> values, boolean notIn) {
            this.listed = List.copyOf(values);
            this.values.addAll(values);
            this.notIn = notIn;
            this.text = (notIn ? "notin " : "in ") + listed;
        }

        /** The values as given (lower case), in their order. */
        public List<String> values() {
            return listed;
        }

        public boolean notIn() {
            return notIn;
        }

        public boolean accepts(String value) {
            return notIn != (value != null && member(value));
        }

        private boolean member(String value) {
            Boolean member = members.get(value);
            if (member == null) {
                member = values.contains(value);
                members.put(value, member);
            }
            return member;
        }

        /** For a set-valued attribute (industries): in = shares one, notin = shares none. */
        public boolean acceptsAny(List<String> attribute) {
            boolean shares = false;
            if (attribute != null) {
                for (int i = 0; i < attribute.size() && !shares; i++) {
                    shares = member(attribute.get(i));
                }
            }
            return notIn != shares;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * Reads one requirement object; every broken rule is added to {@code violations} under
     * {@code field.<key>}. Returns null when there were violations.
     */
    public static Requirement parse(JsonNode node, String field, Violations violations) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return ANY;
        }
        if (!node.isObject()) {
            violations.add(field, "type(object)");
            return null;
        }
        int before = violations.size();
        for (String key : node.propertyNames()) {
            if (!FIELDS.contains(key)) {
                violations.add(field + "." + key, "unknown(" + String.join(",", sorted(FIELDS)) + ")");
            }
        }
        Selector accelerator = null;
        Quantity acceleratorCount = quantity(node.get("accelerator_count"), field + ".accelerator_count", false,
                violations);
        JsonNode acc = node.get("accelerator");
        if (acc != null && acc.isString() && ACCELERATOR.matcher(acc.asString().strip()).matches()) {
            // SkyPilot's shorthand: "A100:8" (exactly 8) or "A100:8+"
            Matcher m = ACCELERATOR.matcher(acc.asString().strip());
            m.matches();
            if (acceleratorCount != null) {
                violations.add(field + ".accelerator", "oneOf(model:count,accelerator_count)");
            }
            accelerator = new Selector(Set.of(m.group(1).strip().toLowerCase(Locale.ROOT)), false);
            acceleratorCount = quantity(textNode(m.group(2)), field + ".accelerator", false, violations);
        } else {
            accelerator = selector(acc, field + ".accelerator", violations);
        }
        Selector provider = selector(node.get("provider"), field + ".provider", violations);
        if (provider != null) {
            for (String value : provider.values()) {
                if (Provider.ofCode(value) == null) {
                    violations.add(field + ".provider", "oneOf(" + Provider.codes() + ")");
                    break;
                }
            }
        }
        Double maxPrice = number(node.get("max_price_per_hour"), field + ".max_price_per_hour", 0, violations);
        Double hours = number(node.get("hours"), field + ".hours", 0, violations);
        if (hours != null && hours == 0) {
            violations.add(field + ".hours", "positive");
        }
        int nodes = 1;
        JsonNode nodesNode = node.get("nodes");
        if (nodesNode != null && !nodesNode.isNull()) {
            if (!nodesNode.isIntegralNumber() || nodesNode.asInt() < 1 || nodesNode.asInt() > 1000) {
                violations.add(field + ".nodes", "range(1,1000)");
            } else {
                nodes = nodesNode.asInt();
            }
        }
        boolean interruptible = false;
        JsonNode spot = node.get("interruptible");
        if (spot != null && !spot.isNull()) {
            if (!spot.isBoolean()) {
                violations.add(field + ".interruptible", "type(boolean)");
            } else {
                interruptible = spot.asBoolean();
            }
        }
        Requirement parsed = new Requirement(accelerator, acceleratorCount,
                quantity(node.get("cpus"), field + ".cpus", false, violations),
                quantity(node.get("memory"), field + ".memory", true, violations),
                quantity(node.get("disk"), field + ".disk", false, violations),
                selector(node.get("region"), field + ".region", violations),
                selector(node.get("zone"), field + ".zone", violations),
                selector(node.get("industry"), field + ".industry", violations), provider, maxPrice,
                hours == null ? 1 : hours, nodes, interruptible);
        return violations.size() == before ? parsed : null;
    }

    /** This requirement limited to the given providers (a template step can run only on some). */
    public Requirement onlyProviders(Set<Provider> allowed) {
        Set<String> codes = new LinkedHashSet<>();
        for (Provider p : allowed) {
            if (provider == null || provider.accepts(p.code())) {
                codes.add(p.code());
            }
        }
        return new Requirement(accelerator, acceleratorCount, cpus, memory, disk, region, zone, industry,
                new Selector(codes, false), maxPricePerHour, hours, nodes, interruptible);
    }

    private static Quantity quantity(JsonNode node, String field, boolean perVcpu, Violations violations) {
        if (node == null || node.isNull()) {
            return null;
        }
        String rule = perVcpu ? "form(N|N+|Nx)" : "form(N|N+)";
        if (node.isNumber()) {
            if (node.asDouble() < 0) {
                violations.add(field, rule);
                return null;
            }
            return new Quantity(node.asDouble(), Quantity.Form.EXACT);
        }
        Matcher m = node.isString() ? QUANTITY.matcher(node.asString().strip()) : null;
        if (m == null || !m.matches() || (!perVcpu && m.group(2).equalsIgnoreCase("x"))) {
            violations.add(field, rule);
            return null;
        }
        Quantity.Form form = switch (m.group(2)) {
            case "+" -> Quantity.Form.AT_LEAST;
            case "x", "X" -> Quantity.Form.PER_VCPU;
            default -> Quantity.Form.EXACT;
        };
        return new Quantity(Double.parseDouble(m.group(1)), form);
    }

    private static Selector selector(JsonNode node, String field, Violations violations) {
        if (node == null || node.isNull()) {
            return null;
        }
        String rule = "set(\"a\"|[\"a\",…]|{\"in\":[…]}|{\"notin\":[…]})";
        if (node.isString()) {
            if (node.asString().isBlank()) {
                violations.add(field, "notBlank");
                return null;
            }
            return new Selector(Set.of(node.asString().strip().toLowerCase(Locale.ROOT)), false);
        }
        if (node.isArray()) {
            return values(node, field, false, rule, violations);
        }
        if (node.isObject() && node.size() == 1 && (node.has("in") || node.has("notin"))) {
            boolean notIn = node.has("notin");
            return values(node.get(notIn ? "notin" : "in"), field + (notIn ? ".notin" : ".in"), notIn, rule,
                    violations);
        }
        violations.add(field, rule);
        return null;
    }

    private static Selector values(JsonNode array, String field, boolean notIn, String rule, Violations violations) {
        if (!array.isArray() || array.isEmpty()) {
            violations.add(field, array.isArray() ? "notEmpty" : rule);
            return null;
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode value : array) {
            if (!value.isString() || value.asString().isBlank()) {
                violations.add(field, "type(string[])");
                return null;
            }
            values.add(value.asString().strip().toLowerCase(Locale.ROOT));
        }
        return new Selector(values, notIn);
    }

    private static Double number(JsonNode node, String field, double min, Violations violations) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || node.asDouble() < min) {
            violations.add(field, "number(>=" + (long) min + ")");
            return null;
        }
        return node.asDouble();
    }

    private static JsonNode textNode(String text) {
        return JsonNodeFactory.instance.stringNode(text);
    }

    private static List<String> sorted(Set<String> values) {
        List<String> list = new ArrayList<>(values);
        list.sort(null);
        return list;
    }
}

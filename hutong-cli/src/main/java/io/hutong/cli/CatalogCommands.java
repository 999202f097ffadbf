package io.hutong.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The compute catalog (the interop platform API). */
@Command(name = "catalog", description = "The compute catalog: offers ranked for a requirement.")
final class CatalogCommands extends NodeCommand {

    @Command(name = "query", description = "Offers that fit a requirement, ranked by score "
            + "(query_computing_resources). FILE is the call's data (resources, any_of or ordered) as JSON or YAML; "
            + "or give the requirement with the options.")
    int query(@Parameters(paramLabel = "FILE", arity = "0..1") String file,
            @Option(names = "--accelerator", paramLabel = "MODEL", description = "a model, or A100:8 / A100:8+")
            String accelerator,
            @Option(names = "--accelerator-count", paramLabel = "N|N+") String acceleratorCount,
            @Option(names = "--cpus", paramLabel = "N|N+") String cpus,
            @Option(names = "--memory", paramLabel = "GIB", description = "32, 32+ or 4x (GiB per vCPU)")
            String memory,
            @Option(names = "--disk", paramLabel = "GIB|GIB+") String disk,
            @Option(names = "--region", paramLabel = "REGION", description = "one or more (repeat the option)")
            List<String> regions,
            @Option(names = "--zone", paramLabel = "ZONE") List<String> zones,
            @Option(names = "--industry", paramLabel = "INDUSTRY") List<String> industries,
            @Option(names = "--provider", paramLabel = "PROVIDER", description = "cloud, dbc, pack, local or peer")
            List<String> providers,
            @Option(names = "--max-price", paramLabel = "PER_HOUR") Double maxPrice,
            @Option(names = "--hours", paramLabel = "HOURS") Double hours,
            @Option(names = "--nodes", paramLabel = "N") Integer nodes,
            @Option(names = "--interruptible", description = "rank and cap by the interruptible price")
            boolean interruptible,
            @Option(names = "--limit", paramLabel = "N", description = "candidates (node default 10)") Integer limit,
            @Option(names = "--rejection-limit", paramLabel = "N") Integer rejectionLimit,
            @Option(names = "--explain", description = "show each candidate's score parts, the rejected offers with "
                    + "every rule they break, near misses and the providers") boolean explain) {
        ObjectNode resources = object();
        amount(resources, "accelerator_count", acceleratorCount);
        amount(resources, "cpus", cpus);
        amount(resources, "memory", memory);
        amount(resources, "disk", disk);
        if (accelerator != null) {
            resources.put("accelerator", accelerator);
        }
        oneOrMore(resources, "region", regions);
        oneOrMore(resources, "zone", zones);
        oneOrMore(resources, "industry", industries);
        oneOrMore(resources, "provider", providers);
        if (maxPrice != null) {
            resources.put("max_price_per_hour", maxPrice);
        }
        if (hours != null) {
            resources.put("hours", hours);
        }
        if (nodes != null) {
            resources.put("nodes", nodes);
        }
        if (interruptible) {
            resources.put("interruptible", true);
        }
        ObjectNode data;
        if (file != null) {
            if (!resources.isEmpty()) {
                throw CliException.usage("FILE: give the requirement in the file or with options, not both");
            }
            data = (ObjectNode) document(file);
        } else {
            data = object();
            data.set("resources", resources);
        }
        if (limit != null) {
            data.put("limit", limit);
        }
        if (rejectionLimit != null) {
            data.put("rejection_limit", rejectionLimit);
        }
        JsonNode result = interop(node(), "/api/v1/query_computing_resources/", data);
        output().print(result, out -> print(out, result, explain));
        return Exit.OK;
    }

    private static void print(PrintWriter out, JsonNode result, boolean explain) {
        List<String> headers = new ArrayList<>(List.of("RANK", "OFFER", "PROVIDER", "REGION", "ZONE", "INSTANCE_TYPE",
                "ACCELERATOR", "VCPUS", "MEMORY_GIB", "PRICE_PER_HOUR", "COST", "SCORE"));
        if (explain) {
            headers.addAll(List.of("PRICE", "AVAILABILITY", "RELIABILITY"));
        }
        Table candidates = Table.of(headers.toArray(String[]::new));
        result.path("candidates").forEach(candidate -> {
            List<Object> row = new ArrayList<>(offer(candidate.path("rank"), candidate.path("offer"),
                    candidate.path("cost"), candidate.path("score")));
            if (explain) {
                JsonNode score = candidate.path("score");
                row.addAll(List.of(score.path("price").path("points"), score.path("availability").path("points"),
                        score.path("reliability").path("points")));
            }
            candidates.row(row.toArray());
        });
        if (candidates.isEmpty()) {
            out.println("No offer fits.");
        } else {
            candidates.print(out);
        }
        JsonNode summary = result.path("summary");
        out.println();
        out.println(summary.path("matched").asString() + " of " + summary.path("offers").asString()
                + " offers fit; " + summary.path("rejected").asString() + " rejected, "
                + summary.path("not_examined").asString() + " not examined (they could not outrank the candidates)"
                + (explain ? "" : "; --explain shows why"));
        if (!explain) {
            return;
        }
        out.println(result.path("score").path("formula").asString());
        StringBuilder byRule = new StringBuilder();
        summary.path("rejected_by_rule").properties().forEach(rule -> byRule.append(byRule.isEmpty() ? "" : ", ")
                .append(rule.getKey()).append(' ').append(rule.getValue().asString()));
        if (!byRule.isEmpty()) {
            out.println("Rejected by rule: " + byRule);
        }
        rejections(out, "Rejected:", result.path("rejected"));
        if (!result.path("near_misses").isEmpty()) {
            out.println();
            out.println("Near misses:");
            Table misses = Table.of("OFFER", "PROVIDER", "PRICE_PER_HOUR", "BREAKS");
            result.path("near_misses").forEach(miss -> misses.row(miss.path("offer").path("id"),
                    miss.path("offer").path("provider"), miss.path("offer").path("price_per_hour"),
                    String.join("; ", texts(miss.path("reasons")))));
            misses.print(out);
        }
        out.println();
        Table providers = Table.of("PROVIDER", "NAME", "STATUS", "OFFERS", "REFRESHED_AT", "DETAIL");
        result.path("providers").forEach(provider -> providers.row(provider.path("provider"), provider.path("name"),
                provider.path("status"), provider.path("offers"), provider.path("refreshed_at"),
                provider.path("detail")));
        providers.print(out);
    }

    /** The cells of a ranked offer, as the catalog and a task's plan show it. */
    static List<Object> offer(JsonNode rank, JsonNode offer, JsonNode cost, JsonNode score) {
        String accelerator = offer.path("accelerator").asString();
        if (!accelerator.isEmpty() && offer.path("accelerator_count").asInt() > 0) {
            accelerator += ":" + offer.path("accelerator_count").asString();
        }
        String total = cost.path("total").isMissingNode() ? ""
                : (cost.path("total").asString() + " " + cost.path("currency").asString()).strip();
        return List.of(Table.text(rank), Table.text(offer.path("id")), Table.text(offer.path("provider")),
                Table.text(offer.path("region")), Table.text(offer.path("zone")),
                Table.text(offer.path("instance_type")), accelerator, Table.text(offer.path("vcpus")),
                Table.text(offer.path("memory_gib")), Table.text(offer.path("price_per_hour")), total,
                Table.text(score.path("total")));
    }

    static void rejections(PrintWriter out, String title, JsonNode rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        out.println();
        out.println(title);
        Table table = Table.of("OFFER", "PROVIDER", "REGION", "ZONE", "BREAKS");
        rejected.forEach(offer -> table.row(offer.path("offer_id"), offer.path("provider"), offer.path("region"),
                offer.path("zone"), String.join("; ", texts(offer.path("reasons")))));
        table.print(out);
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        list.forEach(item -> texts.add(item.asString()));
        return texts;
    }

    /** {@code 8} is sent as the number, {@code 8+} and {@code 4x} as written. */
    private static void amount(ObjectNode resources, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.matches("\\d{1,9}")) {
            resources.put(field, Integer.parseInt(value));
        } else {
            resources.put(field, value);
        }
    }

    private static void oneOrMore(ObjectNode resources, String field, List<String> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        if (values.size() == 1) {
            resources.put(field, values.get(0));
        } else {
            values.forEach(resources.putArray(field)::add);
        }
    }
}

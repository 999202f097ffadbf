package io.hutong.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Tasks from the node's templates (the interop platform API): plan, confirm, run, follow. */
@Command(name = "task", description = "Tasks from templates: plan and start, status.")
final class TaskCommands extends NodeCommand {

    @Command(name = "plan", description = "Plans a task from a template (query_computing_resources_by_task_template), "
            + "shows the ranked instances of every step and party, asks 'Proceed? [y/N]', then starts the chosen "
            + "path (task_path). A step left out of --choose takes its first-ranked instance. Exit 1 when "
            + "declined.")
    int plan(@Parameters(paramLabel = "TEMPLATE") String template,
            @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "a template parameter; "
                    + "numbers and true/false are sent as such") Map<String, String> parameters,
            @Option(names = "--choose", paramLabel = "STEP[/PARTY]=INSTANCE", description = "the instance of a step "
                    + "(of a party, for a BFIA step)") Map<String, String> choices,
            @Option(names = "--limit", paramLabel = "N", description = "instances per step (node default 5)")
            Integer limit,
            @Option(names = {"-y", "--yes"}, description = "start without asking") boolean yes) {
        ObjectNode data = object().put("template_id", template);
        ObjectNode values = data.putObject("parameters");
        if (parameters != null) {
            parameters.forEach((name, value) -> values.set(name, scalar(value)));
        }
        if (limit != null) {
            data.put("limit", limit);
        }
        Map<String, String> chosen = choices == null ? Map.of() : choices;
        NodeClient node = node();
        JsonNode plan = interop(node, "/api/v1/query_computing_resources_by_task_template/", data);
        output().print(plan, out -> printPlan(out, plan, chosen));
        String taskId = plan.path("task_id").asString();
        if (!yes) {
            err().print("Proceed? [y/N] ");
            err().flush();
            String answer = root().readLine();
            if (answer == null || !answer.strip().matches("(?i)y|yes")) {
                output().say("Not started; task " + taskId + " stays planned.");
                return Exit.FAILED;
            }
        }
        ObjectNode path = object().put("task_id", taskId);
        ArrayNode steps = path.putArray("path");
        chosen.forEach((slot, instance) -> {
            ObjectNode step = steps.addObject();
            int slash = slot.indexOf('/');
            step.put("step", slash < 0 ? slot : slot.substring(0, slash));
            if (slash >= 0) {
                step.put("party", slot.substring(slash + 1));
            }
            step.put("instance_id", instance);
        });
        JsonNode task = interop(node, "/api/v1/task_path/", path);
        output().print(task, out -> printTask(out, task));
        return exitCode(task);
    }

    @Command(name = "status", description = "A task's status and its executions with their links (job, VM, pack) "
            + "(task_status); exit 1 when it failed or was stopped.")
    int status(@Parameters(paramLabel = "TASK_ID") String taskId) {
        JsonNode task = interop(node(), "/api/v1/task_status/", object().put("task_id", taskId));
        output().print(task, out -> printTask(out, task));
        return exitCode(task);
    }

    private static void printPlan(PrintWriter out, JsonNode plan, Map<String, String> chosen) {
        out.println("Task " + plan.path("task_id").asString() + " from template " + plan.path("template_id").asString()
                + " (" + plan.path("status").asString() + ")");
        Table table = Table.of("STEP", "PARTY", "RANK", "INSTANCE", "PROVIDER", "REGION", "ZONE", "INSTANCE_TYPE",
                "ACCELERATOR", "VCPUS", "MEMORY_GIB", "PRICE_PER_HOUR", "COST", "SCORE", "CHOSEN");
        Map<String, JsonNode> rejected = new LinkedHashMap<>();
        for (JsonNode step : plan.path("steps")) {
            String name = step.path("step").asString();
            if (step.path("parties").isArray()) {
                step.path("parties").forEach(party -> slot(table, rejected, name, party.path("party").asString(),
                        party, chosen.get(name + "/" + party.path("party").asString())));
            } else {
                slot(table, rejected, name, "", step, chosen.get(name));
            }
        }
        table.print(out);
        rejected.forEach((slot, offers) -> CatalogCommands.rejections(out, "Rejected for " + slot + ":", offers));
    }

    private static void slot(Table table, Map<String, JsonNode> rejected, String step, String party, JsonNode slot,
            String choice) {
        JsonNode instances = slot.path("instances");
        if (instances.isEmpty()) {
            table.row(step, party, "", "no instance fits");
            String name = party.isEmpty() ? step : step + "/" + party;
            rejected.put(name, slot.path("near_misses").isEmpty() ? slot.path("rejected") : slot.path("near_misses"));
            return;
        }
        for (JsonNode instance : instances) {
            String id = instance.path("offer").path("id").asString();
            boolean chosen = choice == null ? instance.path("rank").asInt() == 1 : choice.equals(id);
            List<Object> row = new ArrayList<>(List.of(step, party));
            row.addAll(CatalogCommands.offer(instance.path("rank"), instance.path("offer"), instance.path("cost"),
                    instance.path("score")));
            row.add(chosen ? "✔" : "");
            table.row(row.toArray());
        }
    }

    private static void printTask(PrintWriter out, JsonNode task) {
        Table.of("TASK_ID", "TEMPLATE", "STATUS", "REASON", "CREATED_AT", "ENDED_AT")
                .row(task.path("task_id"), task.path("template_id"), task.path("status"), task.path("reason"),
                        task.path("created_at"), task.path("ended_at")).print(out);
        if (task.path("executions").isEmpty()) {
            return;
        }
        out.println();
        Table executions = Table.of("STEP", "PARTY", "KIND", "INSTANCE", "STATUS", "JOB_ID", "VM_ID", "PACK_ID",
                "DETAIL");
        task.path("executions").forEach(execution -> {
            JsonNode links = execution.path("links");
            executions.row(execution.path("step"), execution.path("party"), execution.path("kind"),
                    execution.path("instance_id"), execution.path("status"), links.path("job_id"), links.path("vm_id"),
                    links.path("pack_id"), execution.path("detail"));
        });
        executions.print(out);
    }

    private static int exitCode(JsonNode task) {
        return task.path("status").asString().matches("failed|stopped") ? Exit.FAILED : Exit.OK;
    }

    /** {@code 1}, {@code 2.5}, {@code true} as JSON values; anything else as the text it is. */
    private JsonNode scalar(String value) {
        try {
            JsonNode parsed = root().json.readTree(value);
            if (parsed != null && (parsed.isNumber() || parsed.isBoolean())) {
                return parsed;
            }
        } catch (JacksonException e) {
            // text
        }
        return root().json.getNodeFactory().textNode(value);
    }
}

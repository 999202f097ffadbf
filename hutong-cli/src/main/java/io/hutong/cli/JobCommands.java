package io.hutong.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** BFIA jobs through the north-south API of the node. */
@Command(name = "job", description = "BFIA jobs: submit, list, follow, read logs, stop, approve or reject.")
final class JobCommands extends NodeCommand {

    private static final String SCHEDULE = "/v1/platform/schedule/";
    /** The node answers status_all within at most this many seconds (its own limit). */
    private static final int MAX_WAIT = 20;

    enum Level { info, error, debug }

    @Command(name = "submit", description = "Creates a job (create_all) from a JSON or YAML file with flow_id, dag "
            + "and config; - reads standard input.")
    int submit(@Parameters(paramLabel = "FILE") String file,
            @Option(names = {"-w", "--watch"}, description = "follow the job to its end; exit with its result")
            boolean watch,
            @Mixin Refresh refresh) {
        JsonNode body = document(file);
        NodeClient node = node();
        JsonNode created = node.post(SCHEDULE + "job/create_all", body);
        output().print(created, out -> Table.of("JOB_ID").row(created.path("job_id")).print(out));
        if (!watch) {
            return Exit.OK;
        }
        String jobId = created.path("job_id").asString();
        JsonNode state = status(node, jobId, 0);
        printState(jobId, state);
        return follow(node, jobId, state, refresh);
    }

    @Command(name = "list", description = "This node's jobs and their status (query_job_list), newest first.")
    int list(@Option(names = "--flow", paramLabel = "FLOW_ID") String flowId,
            @Option(names = "--status", paramLabel = "STATUS", description = "PENDING, READY, RUNNING, FINISHED or "
                    + "REJECTED") String status,
            @Option(names = "--page", paramLabel = "N") Integer page,
            @Option(names = "--page-size", paramLabel = "N") Integer pageSize) {
        JsonNode data = node().get(query(SCHEDULE + "job/query_job_list", "flow_id", flowId, "status", status,
                "page", page, "page_size", pageSize));
        JsonNode jobs = data.path("job_list");
        output().print(data, out -> {
            if (jobs.isArray()) {
                Table.of(jobs).print(out);
                return;
            }
            Table table = Table.of("JOB_ID", "STATUS");
            jobs.properties().forEach(job -> table.row(job.getKey(), job.getValue()));
            table.print(out);
        });
        return Exit.OK;
    }

    @Command(name = "status", description = "A job's status and its tasks' (status_all), as its scheduler knows "
            + "them; exit 1 when it ended FAILED, STOPPED or REJECTED.")
    int status(@Parameters(paramLabel = "JOB_ID") String jobId,
            @Option(names = {"-w", "--watch"}, description = "follow the job to its end, printing each change")
            boolean watch,
            @Mixin Refresh refresh) {
        NodeClient node = node();
        JsonNode state = status(node, jobId, 0);
        printState(jobId, state);
        return watch ? follow(node, jobId, state, refresh) : exitCode(state);
    }

    @Command(name = "logs", description = "A task's log at this node (get_log); TASK is the component's name in "
            + "the DAG or the task id.")
    int logs(@Parameters(index = "0", paramLabel = "JOB_ID") String jobId,
            @Parameters(index = "1", paramLabel = "TASK") String task,
            @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "info",
                    description = "info (stdout, default), error (stderr) or debug (the launcher's record)")
            Level level,
            @Option(names = {"-f", "--follow"}, description = "print new lines until the task ends; exit with its "
                    + "result") boolean follow,
            @Mixin Refresh refresh) {
        NodeClient node = node();
        JsonNode state = status(node, jobId, 0);
        String taskId = taskId(state, task);
        if (!follow) {
            printLog(node.get(query(SCHEDULE + "task/get_log", "task_id", taskId, "log_level", level, "start", 0)));
            return Exit.OK;
        }
        int printed = 0;
        while (true) {
            // decided before the last read, so that lines written just before the end are still printed
            boolean done = ended(state) || taskEnded(state.path("status").path(taskId).asString());
            int lines = node.get(query(SCHEDULE + "task/get_log_line", "task_id", taskId, "log_level", level))
                    .path("num").asInt();
            if (lines > printed) {
                printLog(node.get(query(SCHEDULE + "task/get_log", "task_id", taskId, "log_level", level,
                        "start", printed, "length", lines - printed)));
                printed = lines;
            }
            if (done) {
                break;
            }
            state = status(node, jobId, refresh.seconds());
        }
        String taskStatus = state.path("status").path(taskId).asString();
        return taskEnded(taskStatus) ? taskStatus.equals("SUCCESS") ? Exit.OK : Exit.FAILED : exitCode(state);
    }

    @Command(name = "stop", description = "Stops a job everywhere (stop_all), or one task and everything "
            + "downstream of it (stop_task).")
    int stop(@Parameters(paramLabel = "JOB_ID") String jobId,
            @Option(names = "--task", paramLabel = "NAME", description = "the component's name in the DAG")
            String task) {
        ObjectNode body = object().put("job_id", jobId);
        if (task != null) {
            body.put("task_name", task);
        }
        JsonNode data = node().post(SCHEDULE + (task == null ? "job/stop_all" : "job/stop_task"), body);
        output().print(data, out -> out.println(task == null ? "Stopping job " + jobId + "."
                : "Stopping task " + task + " of job " + jobId + " and everything downstream of it."));
        return Exit.OK;
    }

    @Command(name = "pending", description = "Jobs waiting for this node's approval (pending_audit).")
    int pending() {
        JsonNode data = node().get(SCHEDULE + "job/pending_audit");
        output().print(data, out -> {
            Table table = Table.of("JOB_ID", "FLOW_ID", "INITIATOR", "SCHEDULER", "ROLES", "COMPONENTS", "CREATED_AT");
            data.path("jobs").forEach(job -> table.row(job.path("job_id"), job.path("flow_id"), job.path("initiator"),
                    job.path("scheduler"), job.path("roles"), job.path("components"), job.path("created_at")));
            table.print(out);
        });
        return Exit.OK;
    }

    @Command(name = "approve", description = "Approves a job for this node (audit READY).")
    int approve(@Parameters(paramLabel = "JOB_ID") String jobId,
            @Option(names = "--reason", paramLabel = "TEXT") String reason) {
        return audit(jobId, "READY", reason, "Approved");
    }

    @Command(name = "reject", description = "Rejects a job for this node (audit REJECTED): it is rejected "
            + "everywhere.")
    int reject(@Parameters(paramLabel = "JOB_ID") String jobId,
            @Option(names = "--reason", paramLabel = "TEXT", description = "told to the other parties")
            String reason) {
        return audit(jobId, "REJECTED", reason, "Rejected");
    }

    private int audit(String jobId, String status, String reason, String done) {
        ObjectNode body = object().put("job_id", jobId).put("status", status);
        if (reason != null) {
            body.put("reason", reason);
        }
        JsonNode data = node().post(SCHEDULE + "job/audit", body);
        output().print(data, out -> out.println(done + " job " + jobId + "."));
        return Exit.OK;
    }

    private static JsonNode status(NodeClient node, String jobId, int waitSeconds) {
        return node.get(query(SCHEDULE + "job/status_all", "job_id", jobId, "wait", waitSeconds == 0 ? null
                : waitSeconds));
    }

    /**
     * Asks again with {@code wait}: the node answers as soon as the job has ended, else after the wait, so
     * following costs one request per refresh and none is spent spinning.
     */
    private int follow(NodeClient node, String jobId, JsonNode first, Refresh refresh) {
        JsonNode state = first;
        while (!ended(state)) {
            JsonNode next = status(node, jobId, refresh.seconds());
            if (!next.equals(state)) {
                printChange(jobId, state, next);
            }
            state = next;
        }
        return exitCode(state);
    }

    private void printState(String jobId, JsonNode state) {
        output().print(state, out -> {
            Table.of("JOB_ID", "STATUS", "RESULT", "REASON")
                    .row(jobId, state.path("job_status"), state.path("result"), state.path("reason")).print(out);
            Map<String, String> tasks = tasks(state);
            if (!tasks.isEmpty()) {
                out.println();
                Table table = Table.of("TASK", "TASK_ID", "STATUS");
                tasks.forEach((name, id) -> table.row(name, id, state.path("status").path(id)));
                table.print(out);
            }
        });
    }

    /** JSON and YAML print the new state; the table prints what changed, a line each. */
    private void printChange(String jobId, JsonNode before, JsonNode after) {
        output().print(after, out -> {
            tasks(after).forEach((name, id) -> {
                String now = after.path("status").path(id).asString();
                if (!Objects.equals(now, before.path("status").path(id).asString())) {
                    out.println("task " + name + " " + now);
                }
            });
            if (!after.path("job_status").equals(before.path("job_status"))
                    || !after.path("result").equals(before.path("result"))) {
                out.println(String.join(" ", "job", jobId, Table.text(after.path("job_status")),
                        Table.text(after.path("result")), Table.text(after.path("reason"))).stripTrailing());
            }
        });
    }

    private void printLog(JsonNode data) {
        output().print(data, out -> {
            String text = data.path("data").asString();
            if (!text.isEmpty()) {
                out.println(text);
            }
        });
    }

    /** Component name → task id, in the DAG's order, then any task the answer names only by id. */
    private static Map<String, String> tasks(JsonNode state) {
        Map<String, String> tasks = new LinkedHashMap<>();
        state.path("task_ids").properties().forEach(task -> tasks.put(task.getKey(), task.getValue().asString()));
        state.path("status").properties().forEach(task -> {
            if (!tasks.containsValue(task.getKey())) {
                tasks.put(task.getKey(), task.getKey());
            }
        });
        return tasks;
    }

    private static String taskId(JsonNode state, String task) {
        Map<String, String> tasks = tasks(state);
        if (tasks.containsValue(task)) {
            return task;
        }
        if (tasks.containsKey(task)) {
            return tasks.get(task);
        }
        throw CliException.usage("TASK: oneOf(" + String.join(",", tasks.keySet()) + ") or a task id of the job "
                + "(not '" + task + "')");
    }

    private static boolean ended(JsonNode state) {
        return state.path("job_status").asString().matches("FINISHED|REJECTED");
    }

    private static boolean taskEnded(String status) {
        return status.matches("SUCCESS|FAILED|STOPPED");
    }

    /** 1 for a job that ended other than in SUCCESS; 0 for success and for a job still under way. */
    private static int exitCode(JsonNode state) {
        return !ended(state) || "SUCCESS".equals(state.path("result").asString()) ? Exit.OK : Exit.FAILED;
    }

    /** How long each status_all of a follower may wait: the longest time between two reports. */
    static final class Refresh {

        @Spec(Spec.Target.MIXEE)
        CommandSpec command;
        private int seconds = 2;

        @Option(names = "--refresh", paramLabel = "SECONDS", defaultValue = "2",
                description = "while following, report at least this often (1-20 s, default 2)")
        void seconds(int value) {
            if (value < 1 || value > MAX_WAIT) {
                throw new ParameterException(command.commandLine(), "--refresh: range(1," + MAX_WAIT + ") (not "
                        + value + ")");
            }
            seconds = value;
        }

        int seconds() {
            return seconds;
        }
    }
}

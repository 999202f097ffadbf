package io.hutong.support.standin;

import io.hutong.fate.internal.PythonJson;
import io.hutong.support.Api;
import io.hutong.support.standin.FateSchema.Arg;
import io.hutong.support.standin.FateSchema.Invalid;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for a FATE-Flow 2.x node's BFIA adapter ({@code python/fate_flow/adapter/bfia}), as
 * the project's notes on the two BFIA peers record it; both a participant of jobs others schedule
 * and a scheduler.
 *
 * <h2>Starting it</h2>
 * <pre>{@code
 * try (FateFlowStandIn fate = FateFlowStandIn.builder("node-fate")
 *         .tick(Duration.ofMillis(200))              // real: 2 s
 *         .componentRoles("Intersection", "guest", "host")  // its component registry's roleList
 *         .clock(TestClockConfiguration.CLOCK)       // a test node's clock, for x_timestamp; default the system's
 *         .start()) {
 *     fate.route("node-a", hutongBaseUrl);           // its route table; it routes itself
 *     ...
 * }
 * }</pre>
 *
 * <h2>As a participant</h2>
 * It serves the standard's ten paths under {@link #PREFIX}: POST {@code job/create_all},
 * {@code job/stop_all}, {@code job/audit_confirm}, {@code task/callback}, GET {@code job/status_all}
 * (scheduler side) and POST {@code job/create}, {@code job/start}, {@code job/stop}, {@code
 * task/start}, {@code task/poll} (participant side). Every answer is HTTP 200: success {@code
 * {"code": 0, "msg": "success"}} plus {@code data} when there is some; a handler's failure code 1;
 * invalid arguments {@code {"code": 5001, "message": "Invalid request.", "data": {"json": {field:
 * [reason]}}}} (webargs: a JSON {@code null} for an optional string is invalid); exceptions, unknown
 * paths and wrong methods {@code {"code": 6000, "message": <Python repr>}}. {@code job/create}
 * validates the DAG as {@code DagSchemaSpec} (components {@code name, componentName, provider,
 * version}), makes a READY local job per role its node holds, refuses job ids longer than 25
 * characters (MySQL's VARCHAR(25) in strict mode) and takes a repeat as success. {@code task/start}
 * runs a share per role of its node that the component's registered roles allow (see
 * {@link Builder#componentRoles}); {@code task/poll} ignores {@code role} and answers READY, RUNNING,
 * SUCCESS or FAILED; {@code job/stop} with {@code task_name} fails only those tasks (ended ones keep
 * their state), without it FINISHES the job. It never calls back nor confirms; {@link #stop(String)}
 * is its user's stop: the job stops here and {@code job/stop_all {job_id}} goes to the scheduler.
 * See {@link #localJobStatus} and {@link #localTaskStatus}.
 *
 * <h2>As the scheduler</h2>
 * {@link #schedule(StandInJob)} is its user's create_all: a job id of about 21 digits from the
 * clock, sent as {@code create_all} to itself, which makes the job READY at once and sends {@code
 * job/create} (FATE's shape, {@code flow_id}/{@code old_job_id} strings) to every party, itself
 * included, one after another; a job/create from elsewhere without {@code flow_id} sends JSON {@code
 * null} on, as FATE does. Every tick it starts the first READY job ({@code job/start} to every
 * party), starts each task whose upstream tasks succeeded ({@code task/start {task_id (UUID4),
 * task_name, job_id}} to the task's parties), and learns the parties' states: in {@code poll} mode
 * (also when {@code sync_type} is missing) {@code task/poll {task_id, role: ""}} to every party of
 * the job, in {@code callback} mode from {@code task/callback} with {@code x_node_id}. An answer
 * counts only with HTTP 2xx, a JSON body and {@code code} 0. After every task that ends it sends
 * {@code job/stop {job_id, task_name}} to every party, and when the job ends {@code job/stop
 * {job_id}}, also after success; the job is then FINISHED. It answers {@code status_all} with
 * {@code {job_status, status: {task_name: status}}}, an unknown job with {@code data: {}}, and a
 * READY {@code audit_confirm} with code 1.
 *
 * <h2>What it sends</h2>
 * {@code json.dumps} bodies with headers {@code x_auth_sign: ""}, {@code x_node_id}, {@code x_nonce}
 * (UUID4), {@code x_trace_id: ""}, {@code x_timestamp} (Unix milliseconds) and {@code Content-Type:
 * application/json}; up to 3 tries in a row on no answer or an HTTP error status, with the same
 * headers, so the same nonce. {@link #sent()} lists the calls, {@link #received()} the requests;
 * {@link #unitBehaviour} sets how its own shares run. It closes the connection after each answer.
 */
public final class FateFlowStandIn extends BfiaStandIn {

    public static final Duration TICK = Duration.ofSeconds(2);
    /** job_id is VARCHAR(25) in every table; MySQL in strict mode refuses longer. */
    static final int JOB_ID_WIDTH = 25;

    private static final Map<String, String> SERVED = Map.of("job/create_all", "POST", "job/stop_all", "POST",
            "job/audit_confirm", "POST", "task/callback", "POST", "job/status_all", "GET", "job/create", "POST",
            "job/start", "POST", "job/stop", "POST", "task/start", "POST", "task/poll", "POST");
    private static final Map<String, Set<String>> TASK_RULES = Map.of(
            "PENDING", Set.of("READY", "RUNNING", "SUCCESS", "FAILED"),
            "READY", Set.of("RUNNING", "FAILED", "SUCCESS"),
            "RUNNING", Set.of("SUCCESS", "FAILED"));
    private static final Map<String, Set<String>> JOB_RULES = Map.of(
            "PENDING", Set.of("READY", "REJECTED"),
            "READY", Set.of("RUNNING", "FINISHED"),
            "RUNNING", Set.of("FINISHED"));
    private static final List<String> ROLES = List.of("guest", "host", "arbiter");
    private static final Set<String> END = Set.of("FAILED", "FINISHED", "SUCCESS");
    private static final DateTimeFormatter JOB_ID_CLOCK = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSSSSS");

    private final Map<String, List<String>> componentRoles;
    /** participant side: its local jobs and tasks */
    private final Map<String, LocalJob> local = new LinkedHashMap<>();
    /** scheduler side: the jobs it schedules, in order of creation */
    private final Map<String, Plan> plans = new LinkedHashMap<>();
    private final Map<String, ScheduledJob> views = new LinkedHashMap<>();
    private String lastStamp;
    private int counter;

    private FateFlowStandIn(Builder builder) {
        super(builder.nodeId, builder.clock, Duration.ofSeconds(10), Duration.ofSeconds(10));
        componentRoles = Map.copyOf(builder.componentRoles);
        route(builder.nodeId, url());
        long every = builder.tick.toMillis();
        controller.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    public static Builder builder(String nodeId) {
        return new Builder(nodeId);
    }

    public static final class Builder {

        private final String nodeId;
        private Clock clock = Clock.systemUTC();
        private Duration tick = TICK;
        private final Map<String, List<String>> componentRoles = new LinkedHashMap<>();

        private Builder(String nodeId) {
            this.nodeId = nodeId;
        }

        /** The scheduler's tick (default 2 s). */
        public Builder tick(Duration tick) {
            this.tick = tick;
            return this;
        }

        /** The roles its registry gives a component (its roleList); a component not named takes every role. */
        public Builder componentRoles(String componentName, String... roles) {
            componentRoles.put(componentName, List.of(roles));
            return this;
        }

        /** The clock its timestamps are read from: a Hutong test node's, so that they are in its window. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public FateFlowStandIn start() {
            return new FateFlowStandIn(this);
        }
    }

    @Override
    public String dialect() {
        return "fate-flow";
    }

    private static final class LocalJob {

        final String id;
        final ObjectNode schema;
        /** role → READY, RUNNING, FINISHED */
        final Map<String, String> status = new LinkedHashMap<>();
        final List<LocalTask> tasks = new ArrayList<>();

        LocalJob(String id, ObjectNode schema) {
            this.id = id;
            this.schema = schema;
        }
    }

    private record LocalTask(String id, String name, Share share) {

        String status() {
            return share.state() == Share.State.PENDING ? "READY" : share.state().name();
        }
    }

    private static final class Plan {

        final String id;
        final ObjectNode schema;
        final List<String> parties;
        final ScheduledJob view;
        /** taken by the tick only once create_all is done with it */
        boolean visible;
        boolean poll = true;
        String status = "READY";
        final List<PlanTask> tasks = new ArrayList<>();

        Plan(String id, ObjectNode schema, List<String> parties, ScheduledJob view) {
            this.id = id;
            this.schema = schema;
            this.parties = parties;
            this.view = view;
        }
    }

    private static final class PlanTask {

        final String name;
        final String id;
        final Set<String> upstream;
        String status = "READY";
        /** node → its share's status */
        final Map<String, String> parties = new LinkedHashMap<>();

        PlanTask(String name, String id, Set<String> upstream) {
            this.name = name;
            this.id = id;
            this.upstream = upstream;
        }
    }

    // ---- the paths it serves ----

    @Override
    Reply answer(Received request) {
        String operation = request.path().startsWith(PREFIX) ? request.path().substring(PREFIX.length()) : "";
        String method = SERVED.get(operation);
        if (method == null) {
            return exception("<NotFound '404: Not Found'>");
        }
        if (!method.equals(request.method())) {
            return exception("<MethodNotAllowed '405: Method Not Allowed'>");
        }
        JsonNode body = request.json();
        try {
            return switch (operation) {
                case "job/create_all" -> createAll(body);
                case "job/stop_all" -> stopAll(body);
                case "job/audit_confirm" -> auditConfirm(body);
                case "task/callback" -> callback(body, request);
                case "job/status_all" -> statusAll(body);
                case "job/create" -> create(body);
                case "job/start" -> start(body);
                case "job/stop" -> stop(body);
                case "task/start" -> startTask(body);
                default -> poll(body);
            };
        } catch (FateSchema.Unparsable e) {
            return exception(e.getMessage());
        }
    }

    @Override
    Reply crashed(RuntimeException e) {
        return exception(e.getClass().getSimpleName() + "('" + e.getMessage() + "')");
    }

    @Override
    boolean closesConnections() {
        return true;
    }

    private Reply createAll(JsonNode body) {
        // this handler's defaults are None: a field left out is passed on as null
        return scheduleJob(body.path("job_id").asString(), FateSchema.dagSchema(dagArguments(body,
                Api.JSON.nullNode())));
    }

    /**
     * The arguments of create_all and create, as the handler hands them to {@code DagSchemaSpec}.
     *
     * @param absent what the handler passes for a {@code flow_id} or {@code old_job_id} left out
     */
    private static ObjectNode dagArguments(JsonNode body, JsonNode absent) {
        require(body, Arg.string("flow_id", false), Arg.string("job_id", true), Arg.dict("dag"), Arg.dict("config"),
                Arg.string("old_job_id", false));
        ObjectNode given = Api.JSON.createObjectNode();
        given.set("dag", body.get("dag"));
        given.set("config", body.get("config"));
        given.set("flow_id", body.has("flow_id") ? body.get("flow_id") : absent);
        given.set("old_job_id", body.has("old_job_id") ? body.get("old_job_id") : absent);
        return given;
    }

    /** create_all_job: READY at once, job/create to every party one after another, then the tasks. */
    private Reply scheduleJob(String jobId, ObjectNode schema) {
        Plan plan;
        synchronized (this) {
            ScheduledJob view = views.computeIfAbsent(jobId,
                    id -> new ScheduledJob(id, "READY", Set.of("FINISHED")));
            if (jobId.length() > JOB_ID_WIDTH) {
                return submitted(jobId, 1, dataTooLong());
            }
            plan = new Plan(jobId, schema, parties(schema), view);
            plans.put(jobId, plan);
        }
        ObjectNode create = schema.deepCopy().put("job_id", jobId);
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (String party : plan.parties) {
            answers.put(party, response(post(party, "job/create", create)));
        }
        synchronized (this) {
            plan.visible = true;
            if (answers.values().stream().anyMatch(answer -> !succeeded(answer))) {
                String error = "RuntimeError(" + answers + ")";
                plan.view.problem("create_all: " + error);
                return submitted(jobId, 1, error);
            }
            JsonNode common = schema.path("config").path("job_params").path("common");
            if (!common.isObject()) {
                String error = "AttributeError(\"'NoneType' object has no attribute 'sync_type'\")";
                plan.view.problem("create_all: " + error);
                return submitted(jobId, 1, error);
            }
            plan.poll = !"callback".equals(common.path("sync_type").asString("poll"));
            for (JsonNode component : topological(schema.path("dag").path("components"))) {
                String name = component.path("name").asString();
                Set<String> upstream = new HashSet<>();
                component.path("input").forEach(input -> upstream.add(input.path("key").asString().split("\\.")[0]));
                PlanTask task = new PlanTask(name, UUID.randomUUID().toString(), upstream);
                for (String party : plan.parties) {
                    if (!rolesOf(schema, party, component.path("componentName").asString()).isEmpty()) {
                        task.parties.put(party, "READY");
                    }
                }
                plan.tasks.add(task);
                plan.view.task(name, task.id, task.status);
            }
        }
        return submitted(jobId, 0, null);
    }

    /** The scheduler's own records after a stop_all: the job FINISHED, the tasks stopped FAILED. */
    private synchronized Reply finishHere(Plan plan, String taskName) {
        if (JOB_RULES.getOrDefault(plan.status, Set.of()).contains("FINISHED")) {
            plan.status = "FINISHED";
            plan.view.status(plan.status);
        }
        for (PlanTask task : plan.tasks) {
            if (taskName != null ? task.name.equals(taskName) : task.status.equals("RUNNING")) {
                task.parties.replaceAll((party, status) -> allowed(TASK_RULES, status, "FAILED") ? "FAILED" : status);
                setStatus(plan, task, "FAILED");
            }
        }
        return ok(null);
    }

    private Reply stopAll(JsonNode body) {
        require(body, Arg.string("job_id", true), Arg.string("task_name", false));
        Plan plan;
        synchronized (this) {
            plan = plans.get(body.get("job_id").asString());
        }
        String taskName = body.has("task_name") ? body.get("task_name").asString() : null;
        return plan == null ? ok(null) : stopAllJob(plan, taskName);
    }

    /** stop_all_job: job/stop to every party, the job FINISHED, its (named or) running tasks FAILED. */
    private Reply stopAllJob(Plan plan, String taskName) {
        ObjectNode stop = Api.JSON.createObjectNode().put("job_id", plan.id);
        if (taskName != null && !taskName.isEmpty()) {
            stop.put("task_name", taskName);
        }
        plan.parties.forEach(party -> post(party, "job/stop", stop));
        return finishHere(plan, taskName == null || taskName.isEmpty() ? null : taskName);
    }

    private synchronized Reply auditConfirm(JsonNode body) {
        require(body, Arg.string("job_id", true), Arg.string("status", true));
        Plan plan = plans.get(body.get("job_id").asString());
        if (plan == null) {
            return exception("Exception('can not found the ScheduleJob record to update')");
        }
        String status = body.get("status").asString();
        if (!allowed(JOB_RULES, plan.status, status)) {
            return failed();
        }
        plan.status = status;
        plan.view.status(status);
        return ok(null);
    }

    private synchronized Reply callback(JsonNode body, Received request) {
        require(body, Arg.string("task_id", true), Arg.string("role", true),
                Arg.string("status", true));
        // werkzeug 2.2 hands x_node_id and X-Node-Id to the app as the same header
        String node = request.header("x_node_id") != null ? request.header("x_node_id") : request.header("X-Node-Id");
        if (node == null) {
            throw new Refused(invalid(new Invalid("headers", "x_node_id", "Missing data for required field.")));
        }
        String taskId = body.get("task_id").asString();
        for (Plan plan : plans.values()) {
            for (PlanTask task : plan.tasks) {
                if (task.id.equals(taskId) && task.parties.containsKey(node)) {
                    String status = body.get("status").asString();
                    if (!allowed(TASK_RULES, task.parties.get(node), status)) {
                        return failed();
                    }
                    task.parties.put(node, status);
                    return ok(null);
                }
            }
        }
        return exception("IndexError('list index out of range')");
    }

    private synchronized Reply statusAll(JsonNode body) {
        require(body, Arg.string("job_id", true));
        Plan plan = plans.get(body.get("job_id").asString());
        ObjectNode data = Api.JSON.createObjectNode();
        if (plan != null) {
            data.put("job_status", plan.status);
            ObjectNode status = data.putObject("status");
            plan.tasks.forEach(task -> status.put(task.name, task.status));
        }
        return ok(data);
    }

    private synchronized Reply create(JsonNode body) {
        ObjectNode schema = FateSchema.dagSchema(dagArguments(body, Api.JSON.stringNode("")));
        String jobId = body.get("job_id").asString();
        for (String role : ROLES) {
            if (!roleNodes(schema, role).contains(nodeId())) {
                continue;
            }
            if (jobId.length() > JOB_ID_WIDTH) {
                return exception(dataTooLong());
            }
            // a repeated create inserts nothing
            local.computeIfAbsent(jobId, id -> new LocalJob(id, schema)).status.putIfAbsent(role, "READY");
        }
        return ok(null);
    }

    private synchronized Reply start(JsonNode body) {
        require(body, Arg.string("job_id", true));
        LocalJob job = local.get(body.get("job_id").asString());
        if (job != null) {
            job.status.replaceAll((role, status) -> allowed(JOB_RULES, status, "RUNNING") ? "RUNNING" : status);
        }
        return ok(null);
    }

    private synchronized Reply stop(JsonNode body) {
        require(body, Arg.string("job_id", true), Arg.string("task_name", false));
        LocalJob job = local.get(body.get("job_id").asString());
        if (job != null) {
            stopLocally(job, body.has("task_name") ? body.get("task_name").asString() : null);
        }
        return ok(null);
    }

    private void stopLocally(LocalJob job, String taskName) {
        job.tasks.stream().filter(task -> taskName == null || task.name().equals(taskName))
                .forEach(task -> task.share().fail());
        if (taskName == null) {
            job.status.replaceAll((role, status) -> allowed(JOB_RULES, status, "FINISHED") ? "FINISHED" : status);
        }
    }

    private synchronized Reply startTask(JsonNode body) {
        require(body, Arg.string("job_id", true), Arg.string("task_id", true),
                Arg.string("task_name", true));
        String jobId = body.get("job_id").asString();
        String taskId = body.get("task_id").asString();
        String name = body.get("task_name").asString();
        LocalJob job = local.get(jobId);
        if (job == null) {
            return exception("RuntimeError('No found job " + jobId + "')");
        }
        JsonNode component = null;
        for (JsonNode c : job.schema.path("dag").path("components")) {
            if (c.path("name").asString().equals(name)) {
                component = c;
            }
        }
        if (component == null) {
            return exception("KeyError('" + name + "')");
        }
        if (!job.schema.path("config").path("job_params").path("common").isObject()) {
            return exception("AttributeError(\"'NoneType' object has no attribute 'sync_type'\")");
        }
        if (job.tasks.stream().noneMatch(task -> task.id().equals(taskId))) {
            for (String role : rolesOf(job.schema, nodeId(), component.path("componentName").asString())) {
                Share share = new Share(role, () -> { });
                job.tasks.add(new LocalTask(taskId, name, share));
                share.start(behaviourOf(name), timer);
            }
        }
        return ok(null);
    }

    private synchronized Reply poll(JsonNode body) {
        require(body, Arg.string("task_id", true), Arg.string("role", true));
        String taskId = body.get("task_id").asString();
        String status = localTaskStatus(taskId);
        if (status == null) {
            return exception("RuntimeError('No found task: " + taskId + " node id " + nodeId() + "')");
        }
        return ok(Api.JSON.createObjectNode().put("status", status));
    }

    // ---- what it knows as a participant ----

    /** role → READY, RUNNING or FINISHED of its local jobs (empty for an unknown job). */
    public synchronized Map<String, String> localJobStatus(String jobId) {
        LocalJob job = local.get(jobId);
        return job == null ? Map.of() : Map.copyOf(job.status);
    }

    /** Its shares' status of a task, as its task/poll answers; {@code null} when it holds none. */
    public synchronized String localTaskStatus(String taskId) {
        List<String> statuses = local.values().stream().flatMap(job -> job.tasks.stream())
                .filter(task -> task.id().equals(taskId)).map(LocalTask::status).toList();
        return statuses.isEmpty() ? null : multiParty(statuses);
    }

    /**
     * As its user would: stops the job here ({@code job/stop} without task name) and sends {@code
     * job/stop_all {job_id}} to the job's scheduler.
     */
    public void stop(String jobId) {
        String scheduler;
        synchronized (this) {
            LocalJob job = local.get(jobId);
            if (job == null) {
                throw new IllegalArgumentException("no job " + jobId + " here");
            }
            stopLocally(job, null);
            scheduler = job.schema.path("config").path("initiator").path("node_id").asString();
        }
        post(scheduler, "job/stop_all", Api.JSON.createObjectNode().put("job_id", jobId));
    }

    // ---- as the scheduler ----

    /**
     * Its user's create_all: makes a job id from the clock and sends {@code create_all} to itself,
     * this node the initiator. The job is READY at once unless that call failed (see {@link
     * ScheduledJob#problems()}).
     */
    public ScheduledJob schedule(StandInJob spec) {
        String jobId = nextJobId();
        ScheduledJob view;
        synchronized (this) {
            view = views.computeIfAbsent(jobId, id -> new ScheduledJob(id, "READY", Set.of("FINISHED")));
        }
        ObjectNode info = Api.JSON.createObjectNode();
        info.set("dag", dag(spec));
        info.set("config", config(spec));
        info.put("flow_id", spec.flowId() == null ? "" : spec.flowId());
        info.put("old_job_id", "");
        info.put("job_id", jobId);
        JsonNode answer = response(post(nodeId(), "job/create_all", info));
        if (!succeeded(answer)) {
            view.problem("create_all: " + answer);
        }
        return view;
    }

    private JsonNode dag(StandInJob spec) {
        ObjectNode dag = Api.JSON.createObjectNode();
        for (StandInJob.Component component : spec.components()) {
            ObjectNode written = dag.withArray("components").addObject().put("name", component.name())
                    .put("componentName", component.componentName()).put("provider", component.provider())
                    .put("version", component.version());
            component.input().forEach(io -> written.withArray("input").addObject().put("key", io.key())
                    .put("type", io.type()));
            component.output().forEach(io -> written.withArray("output").addObject().put("key", io.key())
                    .put("type", io.type()));
        }
        dag.put("version", "2.0.0");
        return dag;
    }

    private JsonNode config(StandInJob spec) {
        ObjectNode config = Api.JSON.createObjectNode();
        config.putObject("initiator").put("role", spec.initiatorRole(nodeId())).put("node_id", nodeId());
        ObjectNode role = config.putObject("role");
        spec.roles().forEach((r, nodes) -> nodes.forEach(node -> role.withArray(r).add(node)));
        ObjectNode common = config.putObject("job_params").putObject("common");
        if (spec.syncType() != null) {
            common.put("sync_type", spec.syncType());
        }
        ObjectNode taskParams = config.putObject("task_params");
        for (StandInJob.Component component : spec.components()) {
            if (spec.commonParams(component.name()) != null) {
                taskParams.withObject("common").set(component.name(),
                        Api.JSON.valueToTree(spec.commonParams(component.name())));
            }
        }
        spec.roles().forEach((r, nodes) -> {
            for (int index = 0; index < nodes.size(); index++) {
                for (StandInJob.Component component : spec.components()) {
                    Map<String, Object> params = spec.partyParams(r, index, component.name());
                    if (params != null) {
                        taskParams.withObject(r).withObject(Integer.toString(index)).set(component.name(),
                                Api.JSON.valueToTree(params));
                    }
                }
            }
        });
        config.put("version", "2.0.0");
        return config;
    }

    /** generate_job_id: {@code %Y%m%d%H%M%S%f} and a counter for ids of the same microsecond. */
    private synchronized String nextJobId() {
        String stamp = LocalDateTime.now(clock).format(JOB_ID_CLOCK);
        counter = stamp.equals(lastStamp) ? counter + 1 : 0;
        lastStamp = stamp;
        return stamp + counter;
    }

    private void tick() {
        try {
            Plan ready;
            synchronized (this) {
                ready = plans.values().stream().filter(p -> p.visible && p.status.equals("READY")).findFirst()
                        .orElse(null);
            }
            if (ready != null) {
                // its answers are only logged
                ready.parties.forEach(party -> post(party, "job/start",
                        Api.JSON.createObjectNode().put("job_id", ready.id)));
                synchronized (this) {
                    if (allowed(JOB_RULES, ready.status, "RUNNING")) {
                        ready.status = "RUNNING";
                        ready.view.status("RUNNING");
                    }
                }
            }
            List<Plan> running;
            synchronized (this) {
                running = plans.values().stream().filter(p -> p.visible && p.status.equals("RUNNING")).toList();
            }
            running.forEach(this::scheduleRunning);
        } catch (RuntimeException e) {
            // FATE logs a failed round and goes on with the next
        }
    }

    /** schedule_running_job: one round over a running job's tasks. */
    private void scheduleRunning(Plan plan) {
        List<PlanTask> tasks;
        synchronized (this) {
            tasks = List.copyOf(plan.tasks);
        }
        // the statuses this round works with (a failed start is FAILED here only, as in FATE)
        Map<PlanTask, String> now = new LinkedHashMap<>();
        List<PlanTask> waiting = new ArrayList<>();
        boolean interrupted = false;
        for (PlanTask task : tasks) {
            if (plan.poll && task.status.equals("RUNNING")) {
                collect(plan, task);
            }
            String status;
            boolean changed;
            synchronized (this) {
                status = multiParty(task.parties.values());
                changed = !status.equals(task.status);
                if (changed) {
                    setStatus(plan, task, status);
                }
            }
            now.put(task, status);
            boolean interrupt = status.equals("FAILED");
            interrupted |= interrupt;
            if (status.equals("READY")) {
                waiting.add(task);
            } else if (changed && END.contains(status) || interrupt) {
                stopTaskEverywhere(plan, task);
            }
        }
        boolean haveNext = false;
        if (!interrupted) {
            for (PlanTask task : waiting) {
                boolean upstreamSucceeded = now.entrySet().stream()
                        .filter(e -> task.upstream.contains(e.getKey().name))
                        .allMatch(e -> e.getValue().equals("SUCCESS"));
                if (!upstreamSucceeded) {
                    continue;
                }
                haveNext = true;
                if (!startTask(plan, task)) {
                    now.put(task, "FAILED");
                    stopTaskEverywhere(plan, task);
                }
            }
        }
        String jobStatus = jobStatus(haveNext, now.values());
        if (jobStatus != null && END.contains(jobStatus)) {
            stopAllJob(plan, null);
        }
    }

    private void collect(Plan plan, PlanTask task) {
        for (String party : plan.parties) {
            JsonNode answer = response(post(party, "task/poll",
                    Api.JSON.createObjectNode().put("task_id", task.id).put("role", "")));
            if (succeeded(answer)) {
                String status = answer.path("data").path("status").asString(null);
                synchronized (this) {
                    if (status != null && task.parties.containsKey(party)
                            && allowed(TASK_RULES, task.parties.get(party), status)) {
                        task.parties.put(party, status);
                    }
                }
            }
        }
    }

    /** task/start to the task's parties; every answer must be code 0. */
    private boolean startTask(Plan plan, PlanTask task) {
        ObjectNode start = Api.JSON.createObjectNode().put("task_id", task.id).put("task_name", task.name)
                .put("job_id", plan.id);
        boolean all = true;
        for (String party : List.copyOf(task.parties.keySet())) {
            JsonNode answer = response(post(party, "task/start", start));
            if (!succeeded(answer)) {
                plan.view.problem("task/start at " + party + ": " + answer);
                all = false;
            }
        }
        if (all) {
            synchronized (this) {
                setStatus(plan, task, "RUNNING");
                task.parties.replaceAll((party, status) -> allowed(TASK_RULES, status, "RUNNING") ? "RUNNING" : status);
            }
        }
        return all;
    }

    private void stopTaskEverywhere(Plan plan, PlanTask task) {
        ObjectNode stop = Api.JSON.createObjectNode().put("job_id", plan.id).put("task_name", task.name);
        plan.parties.forEach(party -> post(party, "job/stop", stop));
    }

    private void setStatus(Plan plan, PlanTask task, String status) {
        if (allowed(TASK_RULES, task.status, status)) {
            task.status = status;
            plan.view.task(task.name, task.id, status);
        }
    }

    /** calculate_job_status; {@code null} where FATE raises (and the round changes nothing). */
    private static String jobStatus(boolean haveNext, Collection<String> statuses) {
        Set<String> set = new HashSet<>(statuses);
        if (set.size() == 1) {
            return set.iterator().next();
        }
        if (set.contains("RUNNING")) {
            return "RUNNING";
        }
        if ((set.contains("PENDING") || set.contains("READY")) && haveNext) {
            return "RUNNING";
        }
        return set.contains("FAILED") ? "FAILED" : null;
    }

    /** calculate_multi_party_task_status */
    private static String multiParty(Collection<String> statuses) {
        Set<String> set = new HashSet<>(statuses);
        if (set.size() == 1) {
            return set.iterator().next();
        }
        for (String status : List.of("FAILED", "RUNNING", "READY", "PENDING", "SUCCESS")) {
            if (set.contains(status)) {
                return status;
            }
        }
        return "READY";
    }

    private static boolean allowed(Map<String, Set<String>> rules, String from, String to) {
        return rules.getOrDefault(from, Set.of()).contains(to);
    }

    private static List<String> roleNodes(JsonNode schema, String role) {
        List<String> nodes = new ArrayList<>();
        schema.path("config").path("role").path(role).forEach(node -> nodes.add(node.asString()));
        return nodes;
    }

    /** get_job_parties: every node of config.role. */
    private static List<String> parties(JsonNode schema) {
        Set<String> parties = new LinkedHashSet<>();
        ROLES.forEach(role -> parties.addAll(roleNodes(schema, role)));
        return List.copyOf(parties);
    }

    /** The roles a node holds in the job that the registry gives the component. */
    private List<String> rolesOf(JsonNode schema, String node, String componentName) {
        List<String> allowed = componentRoles.getOrDefault(componentName, ROLES);
        return ROLES.stream().filter(role -> roleNodes(schema, role).contains(node) && allowed.contains(role)).toList();
    }

    private static List<JsonNode> topological(JsonNode components) {
        List<JsonNode> left = new ArrayList<>();
        components.forEach(left::add);
        List<JsonNode> sorted = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (!left.isEmpty()) {
            JsonNode next = left.stream().filter(c -> {
                Set<String> upstream = new HashSet<>();
                c.path("input").forEach(input -> upstream.add(input.path("key").asString().split("\\.")[0]));
                upstream.retainAll(left.stream().map(other -> other.path("name").asString()).toList());
                return done.containsAll(upstream);
            }).findFirst().orElse(left.get(0));
            left.remove(next);
            done.add(next.path("name").asString());
            sorted.add(next);
        }
        return sorted;
    }

    // ---- the wire ----

    /** requests: 3 tries in a row after any exception, an HTTP error status included. */
    @Override
    int tries() {
        return 3;
    }

    @Override
    Duration retryPause() {
        return Duration.ZERO;
    }

    @Override
    boolean retriesOn(int status) {
        return status >= 400;
    }

    /** One call, its headers made once (so every try carries the same x_nonce), its body as json.dumps writes it. */
    private Sent post(String node, String operation, JsonNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x_auth_sign", "");
        headers.put("x_node_id", nodeId());
        headers.put("x_nonce", UUID.randomUUID().toString());
        headers.put("x_trace_id", "");
        headers.put("x_timestamp", Long.toString(clock.millis()));
        headers.put("Content-Type", "application/json");
        String json = PythonJson.dumps(PythonJson.parse(Api.JSON.writeValueAsBytes(body), "body"));
        return send(node, "POST", PREFIX + operation, headers, json);
    }

    /** The answer as its client hands it on: the JSON body, or code 104 when none came or it was an HTTP error. */
    static JsonNode response(Sent sent) {
        JsonNode body = sent.answerJson();
        if (sent.status() < 200 || sent.status() >= 300 || body.isMissingNode()) {
            return Api.JSON.createObjectNode().put("code", 104)
                    .put("message", "Federated schedule error, " + (sent.status() < 0 ? sent.answer()
                            : sent.status() + " " + sent.answer()));
        }
        return body;
    }

    /** Success is {@code code} 0, nothing else. */
    static boolean succeeded(JsonNode answer) {
        return answer.path("code").isNumber() && answer.path("code").doubleValue() == 0;
    }

    /** webargs: the first argument that fails is answered 5001. */
    private static void require(JsonNode body, Arg... args) {
        Invalid invalid = FateSchema.check(body, args);
        if (invalid != null) {
            throw new Refused(invalid(invalid));
        }
    }

    private static Reply ok(JsonNode data) {
        ObjectNode body = Api.JSON.createObjectNode().put("code", 0);
        if (data != null) {
            body.set("data", data);
        }
        return flask(body.put("msg", "success"));
    }

    private static Reply failed() {
        return flask(Api.JSON.createObjectNode().put("code", 1).put("msg", "success"));
    }

    private static Reply submitted(String jobId, int code, String error) {
        ObjectNode body = Api.JSON.createObjectNode().put("code", code);
        body.putObject("data");
        body.put("job_id", jobId).put("msg", error == null ? "success" : error);
        return flask(body);
    }

    private static Reply exception(String repr) {
        return flask(Api.JSON.createObjectNode().put("code", 6000).put("message", repr));
    }

    private static Reply invalid(Invalid invalid) {
        ObjectNode body = Api.JSON.createObjectNode().put("code", 5001);
        body.putObject("data").putObject(invalid.location()).putArray(invalid.field()).add(invalid.reason());
        return flask(body.put("message", "Invalid request."));
    }

    /** jsonify: keys sorted (as written here), compact. */
    private static Reply flask(ObjectNode body) {
        return Reply.json(new String(Api.JSON.writeValueAsBytes(body), StandardCharsets.UTF_8));
    }

    private static String dataTooLong() {
        return "DataError(1406, \"Data too long for column 'f_job_id' at row 1\")";
    }
}

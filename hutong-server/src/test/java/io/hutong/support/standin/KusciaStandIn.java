package io.hutong.support.standin;

import io.hutong.support.Api;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for a SecretFlow Kuscia node's BFIA adapter ({@code pkg/interconn/bfia}), as the
 * project's notes on the two BFIA peers record it; both a participant of jobs others schedule and a
 * scheduler of its own.
 *
 * <h2>Starting it</h2>
 * <pre>{@code
 * try (KusciaStandIn kuscia = KusciaStandIn.builder("node-kuscia")
 *         .pollInterval(Duration.ofMillis(200))        // real: 5 s
 *         .statusSyncInterval(Duration.ofMillis(200))  // real: 15 s
 *         .clock(TestClockConfiguration.CLOCK)         // a test node's clock, for X-Timestamp; default the system's
 *         .start()) {
 *     kuscia.route("node-a", hutongBaseUrl);            // whom it may call, by node id
 *     ...
 * }
 * }</pre>
 * {@link #url()} is where others reach it; {@code StandIns.register} makes it a peer of a Hutong node.
 *
 * <h2>As a participant</h2>
 * It serves POST {@code job/create}, {@code job/start}, {@code job/stop}, {@code task/start},
 * {@code task/stop}, {@code task/poll} and GET {@code job/status_all} under {@link #PREFIX}; any
 * other path or method is HTTP 404 {@code 404 page not found} (plain text). Every answer is HTTP 200
 * {@code {"code": 200|400|500, "msg": …, "data": …|null}}; unbindable bodies and failed validation
 * {@code {"code": 400, "message": …}}. Bodies are read as protojson; {@code job/create} needs
 * {@code job_id} (a lower-case RFC 1123 name), {@code dag}, {@code config}, {@code
 * config.initiator.node_id}, {@code config.role}, {@code config.task_params} and a {@code code} on
 * every component, and is refused the second time ({@code 400 Job already exists}); {@code task_id}s
 * must be RFC 1123 labels. It takes part in a component as (role, index) only where {@code
 * task_params.<role>.<index>} names that component, runs at most two tasks of a job at once, and fails
 * a share of a component without inputs whose parameters lack {@code namespace} and {@code name}.
 * {@code task/poll} is answered per plain role ({@code host.0} matches nothing: PENDING).
 * {@code job/stop} fails a job still running; {@code task/stop} a task. While a job it takes part in
 * runs it asks the initiator's {@code GET job/status_all?job_id=} every status-sync interval and
 * merges every object field of {@code data} (walked in random order, up to the first field that is
 * not an object) into its task states. A job succeeds when every component's task reads SUCCESS
 * (its own shares' outcome or what the initiator reported), and fails when one reads FAILED.
 * See {@link #jobPhase}, {@link #taskStatus}, {@link #taskIds} and {@link #statusSyncs}.
 *
 * <h2>As the scheduler</h2>
 * {@link #schedule(StandInJob)} sends {@code job/create} (Kuscia's shape: components {@code code,
 * name, module_name, version, input, output}, {@code job_params} without {@code common}) to every
 * other party in parallel, then {@code job/start}; then per task (task id {@code
 * <job_id>-<12 hex>}) {@code task/start} to its parties' nodes, runs its own shares, and every poll
 * interval {@code task/poll {task_id, role}} to each outer party. An answer counts only with HTTP 200
 * and {@code code} 200: anything else fails (create, start: the job; a start or poll: that party's
 * share). On a failure or {@link #stop(String)}: {@code job/stop {job_id}} to every other party,
 * then {@code task/stop} for each unfinished task. Nothing is sent when the job succeeds. A poll
 * answered with success but no string {@code data.status} panics the real controller: the job is
 * left as it was, with the panic among its {@link ScheduledJob#problems()}. It serves
 * {@code status_all} for its jobs as {@code {"status": {task_id: status}}}.
 *
 * <h2>What it sends</h2>
 * Headers {@code X-Node-Id}, {@code X-Timestamp} (Unix seconds), {@code Content-Type:
 * application/json} on POST, and its gateway's {@code Kuscia-Token} and {@code x-interconn-protocol:
 * bfia}; a call that got no answer is tried 3 more times, 200 ms apart. {@link #sent()} lists the
 * calls, {@link #received()} the requests; {@link #unitBehaviour} sets how its own shares run.
 */
public final class KusciaStandIn extends BfiaStandIn {

    public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    public static final Duration STATUS_SYNC_INTERVAL = Duration.ofSeconds(15);
    static final int MAX_PARALLEL_TASKS = 2;

    private static final String SUBDOMAIN_REGEX = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final String LABEL_REGEX = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_REGEX);
    private static final Pattern LABEL = Pattern.compile(LABEL_REGEX);
    private static final Set<String> SERVED = Set.of("POST job/create", "POST job/start", "POST job/stop",
            "POST task/start", "POST task/stop", "POST task/poll", "GET job/status_all");
    /** ConfigRole's and ConfigParams' field order, in which Go writes them. */
    private static final List<String> ROLES = List.of("arbiter", "host", "guest");
    private static final List<String> PARAMS_ORDER = List.of("host", "arbiter", "guest");
    private static final Set<String> STATES = Set.of("PENDING", "RUNNING", "SUCCESS", "FAILED");
    private static final String NIL_PANIC = "doBizProcess panic, err: runtime error: invalid memory address or nil "
            + "pointer dereference";

    private final Duration pollInterval;
    private final Duration statusSyncInterval;
    private final String gatewayToken = UUID.randomUUID().toString().replace("-", "");
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    private KusciaStandIn(Builder builder) {
        super(builder.nodeId, builder.clock, Duration.ofSeconds(10), Duration.ofSeconds(30));
        pollInterval = builder.pollInterval;
        statusSyncInterval = builder.statusSyncInterval;
    }

    public static Builder builder(String nodeId) {
        return new Builder(nodeId);
    }

    public static final class Builder {

        private final String nodeId;
        private Clock clock = Clock.systemUTC();
        private Duration pollInterval = POLL_INTERVAL;
        private Duration statusSyncInterval = STATUS_SYNC_INTERVAL;

        private Builder(String nodeId) {
            this.nodeId = nodeId;
        }

        /** How often, as the scheduler, it polls each outer party's unfinished tasks (default 5 s). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        /** How often, as a participant, it asks the initiator's status_all (default 15 s). */
        public Builder statusSyncInterval(Duration interval) {
            this.statusSyncInterval = interval;
            return this;
        }

        /** The clock its timestamps are read from: a Hutong test node's, so that they are in its window. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public KusciaStandIn start() {
            return new KusciaStandIn(this);
        }
    }

    @Override
    public String dialect() {
        return "kuscia";
    }

    /** A party of a component: (role, index) and the node that holds it. */
    record Party(String role, int index, String node) {
    }

    private final class Job {

        final String id;
        final boolean scheduled;
        final ObjectNode request;
        final JsonNode config;
        final String initiator;
        String stage = "create";
        String phase = "Pending";
        String message = "";
        /** by task name, in the order the tasks were started */
        final Map<String, Task> tasks = new LinkedHashMap<>();
        /** task_id → status: what its status_all answers (Kuscia's KusciaJob.status.taskStatus) */
        final Map<String, String> taskStatus = new LinkedHashMap<>();
        final List<Map<String, String>> syncs = new ArrayList<>();
        final ScheduledJob view;
        ScheduledFuture<?> timer;
        boolean panicked;

        Job(ObjectNode request, boolean scheduled) {
            this.id = request.path("job_id").asString();
            this.scheduled = scheduled;
            this.request = request;
            this.config = request.path("config");
            this.initiator = config.path("initiator").path("node_id").asString();
            this.view = scheduled ? new ScheduledJob(id, phase, Set.of("Succeeded", "Failed")) : null;
        }

        List<JsonNode> components() {
            List<JsonNode> components = new ArrayList<>();
            request.path("dag").path("components").forEach(components::add);
            return components;
        }

        boolean ended() {
            return phase.equals("Succeeded") || phase.equals("Failed");
        }

        void phase(String phase, String message) {
            this.phase = phase;
            this.message = message;
            if (view != null) {
                view.status(phase);
            }
        }

        void problem(String problem) {
            if (view != null) {
                view.problem(problem);
            }
        }
    }

    private final class Task {

        final String name;
        final String id;
        /** its KusciaTask exists (a task waits for a free slot of the job's two) */
        boolean created;
        final List<Share> shares = new ArrayList<>();
        /** the scheduler's view of the outer parties' shares */
        final Map<Party, String> remote = new LinkedHashMap<>();

        Task(String name, String id) {
            this.name = name;
            this.id = id;
        }
    }

    // ---- as a participant: the paths it serves ----

    @Override
    Reply answer(Received request) {
        String path = request.path();
        String operation = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        if (!SERVED.contains(request.method() + " " + operation)) {
            return new Reply(404, "text/plain", "404 page not found");
        }
        try {
            return switch (operation) {
                case "job/create" -> create(KusciaProto.bind(request, KusciaProto.CREATE_JOB));
                case "job/start" -> start(KusciaProto.bind(request, KusciaProto.START_JOB));
                case "job/stop" -> stop(KusciaProto.bind(request, KusciaProto.STOP_JOB));
                case "task/start" -> startTask(KusciaProto.bind(request, KusciaProto.START_TASK));
                case "task/stop" -> stopTask(KusciaProto.bind(request, KusciaProto.STOP_TASK));
                case "task/poll" -> poll(KusciaProto.bind(request, KusciaProto.POLL_TASK));
                default -> statusAll(query(request.query()).getOrDefault("job_id", ""));
            };
        } catch (KusciaProto.Unbindable e) {
            return refusal(e.getMessage());
        }
    }

    @Override
    Reply crashed(RuntimeException e) {
        return refusal("doBizProcess panic, err: " + e);
    }

    private synchronized Reply create(ObjectNode request) {
        require(request, "job_id", "dag", "config");
        String jobId = request.path("job_id").asString();
        if (jobs.containsKey(jobId)) {
            return common(400, "Job already exists", null);
        }
        Reply refused = admit(request);
        if (refused != null) {
            return refused;
        }
        jobs.put(jobId, new Job(request, false));
        return common(200, "", Api.JSON.createObjectNode().put("status", "PENDING"));
    }

    /** GenerateKusciaJobFrom and the API server's check of the KusciaJob: a refusal, or null. */
    private Reply admit(ObjectNode request) {
        JsonNode config = request.path("config");
        String jobId = request.path("job_id").asString();
        if (config.path("initiator").path("node_id").asString("").isEmpty()) {
            return common(400, "interconn job config initiator can't be empty", null);
        }
        for (JsonNode component : request.path("dag").path("components")) {
            if (component.path("code").asString("").isEmpty()) {
                return common(400, "validate appImage failed, component code can't be empty", null);
            }
            if (!config.has("role") || !config.has("task_params")) {
                return refusal(NIL_PANIC);
            }
        }
        for (String role : ROLES) {
            int count = config.path("role").path(role).size();
            for (String index : config.path("task_params").path(role).propertyNames()) {
                if (!index.matches("\\d+") || Integer.parseInt(index) >= count) {
                    return common(400, "generate taskInputConfig failed, invalid index " + index + " of role " + role,
                            null);
                }
            }
        }
        if (jobId.length() > 253 || !SUBDOMAIN.matcher(jobId).matches()) {
            return common(400, "KusciaJob.kuscia.secretflow \"" + jobId + "\" is invalid: metadata.name: Invalid value: \""
                    + jobId + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                    + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
                    + "used for validation is '" + SUBDOMAIN_REGEX + "')", null);
        }
        return null;
    }

    private synchronized Reply start(ObjectNode request) {
        Job job = job(request);
        if (job.stage.equals("start")) {
            return common(200, "", null);
        }
        if (job.phase.equals("Failed")) {
            return common(400, job.message, null);
        }
        job.stage = "start";
        job.phase("Running", "");
        if (!job.scheduled) {
            long every = statusSyncInterval.toMillis();
            job.timer = controller.scheduleWithFixedDelay(() -> syncStatus(job), every, every, TimeUnit.MILLISECONDS);
        }
        return common(200, "", null);
    }

    private synchronized Reply stop(ObjectNode request) {
        Job job = job(request);
        if (!job.stage.equals("stop")) {
            job.stage = "stop";
            fail(job, "the job was stopped");
        }
        return common(200, "", null);
    }

    private synchronized Reply startTask(ObjectNode request) {
        require(request, "job_id", "task_id", "task_name");
        Job job = job(request);
        if (job.phase.equals("Failed")) {
            return common(400, job.message, null);
        }
        String name = request.path("task_name").asString();
        String taskId = request.path("task_id").asString();
        List<JsonNode> components = job.components();
        int position = components.stream().map(c -> c.path("name").asString()).toList().indexOf(name);
        if (position < 0) {
            return common(400, "failed to find the task by task name", null);
        }
        if (job.tasks.containsKey(name)) {
            return common(200, "", null);
        }
        if (taskId.length() > 63 || !LABEL.matcher(taskId).matches()) {
            return common(500, "KusciaJob.kuscia.secretflow \"" + job.id + "\" is invalid: spec.tasks[" + position
                    + "].taskID: Invalid value: \"" + taskId + "\": a lowercase RFC 1123 label must consist of lower "
                    + "case alphanumeric characters or '-', and must start and end with an alphanumeric character "
                    + "(e.g. 'my-name',  or '123-abc', regex used for validation is '" + LABEL_REGEX + "')", null);
        }
        job.tasks.put(name, new Task(name, taskId));
        launch(job);
        return common(200, "", null);
    }

    private synchronized Reply stopTask(ObjectNode request) {
        require(request, "task_id");
        String taskId = request.path("task_id").asString();
        for (Job job : jobs.values()) {
            for (Task task : job.tasks.values()) {
                if (task.id.equals(taskId) && task.created) {
                    if (!ended(job.taskStatus.get(taskId))) {
                        job.taskStatus.put(taskId, "FAILED");
                        viewTask(job, task);
                        task.shares.forEach(Share::fail);
                        evaluate(job);
                    }
                    return common(200, "", null);
                }
            }
        }
        return common(400, "task does not exist", null);
    }

    private synchronized Reply poll(ObjectNode request) {
        require(request, "task_id", "role");
        String taskId = request.path("task_id").asString();
        String role = request.path("role").asString();
        for (Job job : jobs.values()) {
            for (Task task : job.tasks.values()) {
                if (task.id.equals(taskId)) {
                    String status = "PENDING";
                    for (Share share : task.shares) {
                        if (share.role().equals(role)) {
                            status = share.state().name();
                        }
                    }
                    return common(200, "", Api.JSON.createObjectNode().put("status", status));
                }
            }
        }
        return common(400, "failed to find the task", null);
    }

    private synchronized Reply statusAll(String jobId) {
        if (jobId.isEmpty()) {
            return refusal("parameter job_id can't be empty");
        }
        Job job = jobs.get(jobId);
        if (job == null) {
            return common(400, "failed to find the job", null);
        }
        ObjectNode data = Api.JSON.createObjectNode();
        ObjectNode status = data.putObject("status");
        job.taskStatus.forEach(status::put);
        return common(200, "", data);
    }

    // ---- what it knows of its jobs ----

    /** Pending, Running, Succeeded or Failed; {@code null} for a job it does not know. */
    public synchronized String jobPhase(String jobId) {
        Job job = jobs.get(jobId);
        return job == null ? null : job.phase;
    }

    /** task_id → status, as its status_all answers for the job (empty for an unknown job). */
    public synchronized Map<String, String> taskStatus(String jobId) {
        Job job = jobs.get(jobId);
        return job == null ? Map.of() : Map.copyOf(job.taskStatus);
    }

    /** task name → task id, from the task/start calls it took (or made). */
    public synchronized Map<String, String> taskIds(String jobId) {
        Job job = jobs.get(jobId);
        Map<String, String> ids = new LinkedHashMap<>();
        if (job != null) {
            job.tasks.values().forEach(task -> ids.put(task.name, task.id));
        }
        return ids;
    }

    /** As a participant: the task_id → status maps it read from the initiator's status_all, one per round. */
    public synchronized List<Map<String, String>> statusSyncs(String jobId) {
        Job job = jobs.get(jobId);
        return job == null ? List.of() : List.copyOf(job.syncs);
    }

    // ---- running tasks, both sides ----

    /** Makes the KusciaTasks of started tasks while fewer than two of the job's run. */
    private void launch(Job job) {
        if (job.ended()) {
            return;
        }
        long running = job.tasks.values().stream().filter(t -> t.created && !ended(job.taskStatus.get(t.id))).count();
        for (Task task : job.tasks.values()) {
            if (running >= MAX_PARALLEL_TASKS) {
                return;
            }
            if (!task.created) {
                task.created = true;
                running++;
                job.taskStatus.put(task.id, "PENDING");
                viewTask(job, task);
                runShares(job, task);
            }
        }
    }

    private void runShares(Job job, Task task) {
        JsonNode component = component(job, task.name);
        for (Party party : parties(job, task.name)) {
            if (!party.node().equals(nodeId())) {
                continue;
            }
            // handled on the controller, so that no share's end runs inside another step
            Share share = new Share(party.role(), () -> controller.execute(() -> shareEnded(job, task)));
            task.shares.add(share);
            JsonNode params = params(job, party, task.name);
            if (component.path("input").isEmpty() && (!params.has("namespace") || !params.has("name"))) {
                // its containers cannot be prepared without an input dataset
                share.fail();
            } else {
                share.start(behaviourOf(task.name), timer);
            }
        }
        refresh(job, task);
    }

    private synchronized void shareEnded(Job job, Task task) {
        refresh(job, task);
        evaluate(job);
        launch(job);
        if (job.scheduled) {
            controller.execute(() -> advance(job));
        }
    }

    /** The task's state from its shares: its own, and (as the scheduler) the outer parties'. */
    private void refresh(Job job, Task task) {
        if (!task.created || ended(job.taskStatus.get(task.id))) {
            return;
        }
        List<String> states = new ArrayList<>(task.remote.values());
        task.shares.forEach(share -> states.add(share.state().name()));
        if (states.isEmpty()) {
            return;
        }
        String status = states.contains("FAILED") ? "FAILED"
                : states.stream().allMatch("SUCCESS"::equals) ? "SUCCESS"
                : states.contains("RUNNING") ? "RUNNING" : "PENDING";
        job.taskStatus.put(task.id, status);
        viewTask(job, task);
    }

    /**
     * Strict mode: a task read FAILED fails the job. It succeeds when every task state it holds
     * reads SUCCESS and every component it must see through has its task among them: all of them
     * as the scheduler, those it has a share in as a participant.
     */
    private void evaluate(Job job) {
        if (job.ended()) {
            return;
        }
        if (job.taskStatus.containsValue("FAILED")) {
            String failed = job.taskStatus.entrySet().stream().filter(e -> e.getValue().equals("FAILED"))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            fail(job, "task " + failed + " failed");
            return;
        }
        boolean allStarted = job.components().stream().map(c -> c.path("name").asString())
                .filter(name -> job.scheduled || parties(job, name).stream().anyMatch(p -> p.node().equals(nodeId())))
                .allMatch(name -> job.tasks.containsKey(name) && job.tasks.get(name).created);
        if (allStarted && !job.taskStatus.isEmpty() && job.taskStatus.values().stream().allMatch("SUCCESS"::equals)) {
            job.phase("Succeeded", "");
            cancelTimer(job);
        }
    }

    private void fail(Job job, String message) {
        if (job.ended()) {
            return;
        }
        List<String> unfinished = job.tasks.values().stream()
                .filter(t -> t.created && !ended(job.taskStatus.get(t.id))).map(t -> t.id).toList();
        job.phase("Failed", message);
        cancelTimer(job);
        job.tasks.values().forEach(task -> task.shares.forEach(Share::fail));
        if (job.scheduled) {
            controller.execute(() -> stopParties(job, unfinished));
        }
    }

    private void viewTask(Job job, Task task) {
        if (job.view != null) {
            job.view.task(task.name, task.id, job.taskStatus.get(task.id));
        }
    }

    private static void cancelTimer(Job job) {
        if (job.timer != null) {
            job.timer.cancel(false);
        }
    }

    /** The parties of a component: those whose task_params.<role>.<index> names it. */
    private static List<Party> parties(Job job, String component) {
        List<Party> parties = new ArrayList<>();
        JsonNode roles = job.config.path("role");
        for (String role : roles.propertyNames()) {
            JsonNode nodes = roles.path(role);
            for (int index = 0; index < nodes.size(); index++) {
                if (job.config.path("task_params").path(role).path(Integer.toString(index)).has(component)) {
                    parties.add(new Party(role, index, nodes.get(index).asString()));
                }
            }
        }
        return parties;
    }

    /** task_params.common.<component> overlaid with task_params.<role>.<index>.<component>. */
    private static JsonNode params(Job job, Party party, String component) {
        ObjectNode params = Api.JSON.createObjectNode();
        JsonNode common = job.config.path("task_params").path("common").path(component);
        JsonNode own = job.config.path("task_params").path(party.role()).path(Integer.toString(party.index()))
                .path(component);
        if (common.isObject()) {
            params.setAll((ObjectNode) common);
        }
        if (own.isObject()) {
            params.setAll((ObjectNode) own);
        }
        return params;
    }

    private static JsonNode component(Job job, String name) {
        return job.components().stream().filter(c -> c.path("name").asString().equals(name)).findFirst().orElseThrow();
    }

    // ---- as a participant: asking the initiator for the others' task states ----

    private void syncStatus(Job job) {
        synchronized (this) {
            if (job.ended() || !job.stage.equals("start")) {
                cancelTimer(job);
                return;
            }
        }
        Sent sent = send(job.initiator, "GET", PREFIX + "job/status_all?job_id=" + job.id, headers(false), null);
        Answer answer = read(sent);
        if (answer.error() != null || !answer.data().isObject()) {
            return;
        }
        Map<String, String> read = new LinkedHashMap<>();
        List<String> fields = new ArrayList<>(answer.data().propertyNames());
        // Go walks a map in random order, and stops at the first field that is not an object
        Collections.shuffle(fields);
        for (String field : fields) {
            JsonNode value = answer.data().get(field);
            if (!value.isObject()) {
                break;
            }
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                read.put(entry.getKey(), entry.getValue().isString() ? entry.getValue().asString() : "");
            }
        }
        synchronized (this) {
            job.syncs.add(read);
            read.forEach((taskId, status) -> job.taskStatus.put(taskId, STATES.contains(status) ? status : ""));
            evaluate(job);
        }
    }

    // ---- as the scheduler ----

    /**
     * Creates and runs a job with this node as initiator and scheduler, as Kuscia does for a
     * KusciaJob of its user. The job id ({@link StandInJob#jobId()}) is required and must be a
     * lower-case RFC 1123 name.
     */
    public ScheduledJob schedule(StandInJob spec) {
        String jobId = spec.jobId();
        if (jobId == null || jobId.length() > 253 || !SUBDOMAIN.matcher(jobId).matches()) {
            throw new IllegalArgumentException("a KusciaJob's name is a lower-case RFC 1123 subdomain: " + jobId);
        }
        ObjectNode body = createBody(spec);
        Job job = new Job(body, true);
        synchronized (this) {
            if (jobs.containsKey(jobId)) {
                throw new IllegalStateException("job " + jobId + " exists");
            }
            jobs.put(jobId, job);
        }
        controller.execute(() -> createAndStart(job));
        return job.view;
    }

    /** As its user would: fails a job it schedules and stops it at every party. */
    public synchronized void stop(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("no job " + jobId + " here");
        }
        job.stage = "stop";
        fail(job, "the job was stopped by its user");
    }

    /** The job/create body (GenerateInterConnJobInfoFrom), marshalled by Go's encoding/json: empty values left out. */
    private ObjectNode createBody(StandInJob spec) {
        ObjectNode body = Api.JSON.createObjectNode().put("job_id", spec.jobId());
        if (spec.flowId() != null && !spec.flowId().isEmpty()) {
            body.put("flow_id", spec.flowId());
        }
        ObjectNode dag = body.putObject("dag").put("version", "2.0.0");
        for (StandInJob.Component component : spec.components()) {
            ObjectNode written = dag.withArray("components").addObject();
            putIfSet(written, "code", component.code());
            putIfSet(written, "name", component.name());
            putIfSet(written, "module_name", component.componentName());
            putIfSet(written, "version", component.version());
            if (!component.input().isEmpty()) {
                component.input().forEach(io -> written.withArray("input").addObject().put("type", io.type())
                        .put("key", io.key()));
            }
            if (!component.output().isEmpty()) {
                component.output().forEach(io -> written.withArray("output").addObject().put("type", io.type())
                        .put("key", io.key()));
            }
        }
        ObjectNode config = body.putObject("config");
        ObjectNode role = config.putObject("role");
        ROLES.stream().filter(spec.roles()::containsKey)
                .forEach(r -> spec.roles().get(r).forEach(node -> role.withArray(r).add(node)));
        config.putObject("initiator").put("role", spec.initiatorRole(nodeId())).put("node_id", nodeId());
        ObjectNode jobParams = config.putObject("job_params");
        ObjectNode taskParams = config.putObject("task_params");
        for (String r : PARAMS_ORDER) {
            List<String> nodes = spec.roles().getOrDefault(r, List.of());
            for (int index = 0; index < nodes.size(); index++) {
                jobParams.withObject(r).putObject(Integer.toString(index));
                for (StandInJob.Component component : spec.components()) {
                    Map<String, Object> params = spec.partyParams(r, index, component.name());
                    if (params != null) {
                        taskParams.withObject(r).withObject(Integer.toString(index))
                                .set(component.name(), Api.JSON.valueToTree(params));
                    }
                }
            }
        }
        for (StandInJob.Component component : spec.components()) {
            if (spec.commonParams(component.name()) != null) {
                taskParams.withObject("common").set(component.name(),
                        Api.JSON.valueToTree(spec.commonParams(component.name())));
            }
        }
        config.put("version", "2.0.0");
        return body;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    private List<String> otherNodes(Job job) {
        Set<String> nodes = new LinkedHashSet<>();
        job.config.path("role").forEach(list -> list.forEach(node -> nodes.add(node.asString())));
        nodes.remove(nodeId());
        return List.copyOf(nodes);
    }

    private void createAndStart(Job job) {
        List<String> others = otherNodes(job);
        if (!allAccepted(job, others, "job/create", job.request)) {
            return;
        }
        if (!allAccepted(job, others, "job/start", Api.JSON.createObjectNode().put("job_id", job.id))) {
            return;
        }
        synchronized (this) {
            if (job.ended()) {
                return;
            }
            job.stage = "start";
            job.phase("Running", "");
            long every = pollInterval.toMillis();
            job.timer = controller.scheduleWithFixedDelay(() -> pollParties(job), every, every, TimeUnit.MILLISECONDS);
        }
        advance(job);
    }

    /** Sends the call to every node at once; a refusal anywhere fails the job. */
    private boolean allAccepted(Job job, List<String> nodes, String operation, JsonNode body) {
        List<Callable<Sent>> calls = new ArrayList<>();
        nodes.forEach(node -> calls.add(() -> post(node, operation, body)));
        List<String> errors = new ArrayList<>();
        for (Sent sent : inParallel(calls)) {
            String error = read(sent).error();
            if (error != null) {
                errors.add(operation + " at " + sent.to() + ": " + error);
            }
        }
        synchronized (this) {
            errors.forEach(job::problem);
            if (!errors.isEmpty()) {
                fail(job, String.join("; ", errors));
            }
        }
        return errors.isEmpty();
    }

    /** Starts every task whose upstream tasks all succeeded, at most two of the job at a time. */
    private void advance(Job job) {
        List<Task> started = new ArrayList<>();
        synchronized (this) {
            if (job.ended() || job.panicked || !job.stage.equals("start")) {
                return;
            }
            for (JsonNode component : job.components()) {
                String name = component.path("name").asString();
                long running = job.tasks.values().stream().filter(t -> !ended(job.taskStatus.get(t.id))).count();
                if (running >= MAX_PARALLEL_TASKS) {
                    break;
                }
                if (job.tasks.containsKey(name) || !upstreamSucceeded(job, component)) {
                    continue;
                }
                String uuid = UUID.randomUUID().toString();
                Task task = new Task(name, job.id + "-" + uuid.substring(uuid.lastIndexOf('-') + 1));
                for (Party party : parties(job, name)) {
                    if (!party.node().equals(nodeId())) {
                        task.remote.put(party, "PENDING");
                    }
                }
                job.tasks.put(name, task);
                started.add(task);
            }
        }
        for (Task task : started) {
            startTask(job, task);
        }
    }

    private void startTask(Job job, Task task) {
        ObjectNode body = Api.JSON.createObjectNode().put("task_id", task.id).put("job_id", job.id)
                .put("task_name", task.name);
        List<String> nodes = task.remote.keySet().stream().map(Party::node).distinct().toList();
        List<Callable<Sent>> calls = new ArrayList<>();
        nodes.forEach(node -> calls.add(() -> post(node, "task/start", body)));
        List<Sent> answers = inParallel(calls);
        synchronized (this) {
            for (Sent sent : answers) {
                String error = read(sent).error();
                if (error != null) {
                    job.problem("task/start at " + sent.to() + ": " + error);
                    task.remote.replaceAll((party, status) -> party.node().equals(sent.to()) ? "FAILED" : status);
                }
            }
            launch(job);
            evaluate(job);
        }
    }

    /** Asks each outer party of each unfinished task for its share, by its plain role. */
    private void pollParties(Job job) {
        Map<Task, List<Party>> asks = new LinkedHashMap<>();
        synchronized (this) {
            if (job.ended() || job.panicked) {
                cancelTimer(job);
                return;
            }
            for (Task task : job.tasks.values()) {
                if (task.created && !ended(job.taskStatus.get(task.id))) {
                    asks.put(task, List.copyOf(task.remote.keySet()));
                }
            }
        }
        for (Map.Entry<Task, List<Party>> ask : asks.entrySet()) {
            Task task = ask.getKey();
            for (Party party : ask.getValue()) {
                Sent sent = post(party.node(), "task/poll",
                        Api.JSON.createObjectNode().put("task_id", task.id).put("role", party.role()));
                Answer answer = read(sent);
                synchronized (this) {
                    if (answer.error() != null) {
                        job.problem("task/poll at " + party.node() + ": " + answer.error());
                        task.remote.put(party, "FAILED");
                    } else if (!answer.data().path("status").isString()) {
                        job.problem("panic: interface conversion: interface {} is not string (task/poll at "
                                + party.node() + " answered " + sent.answer() + ")");
                        job.panicked = true;
                        cancelTimer(job);
                        return;
                    } else {
                        String status = answer.data().path("status").asString();
                        task.remote.put(party, STATES.contains(status) ? status : "PENDING");
                    }
                }
            }
            synchronized (this) {
                refresh(job, task);
                evaluate(job);
            }
        }
        advance(job);
    }

    /** After a failure or a stop: job/stop to every other party, then task/stop for each unfinished task. */
    private void stopParties(Job job, List<String> unfinished) {
        List<String> others = otherNodes(job);
        List<Callable<Sent>> stops = new ArrayList<>();
        others.forEach(node -> stops.add(() -> post(node, "job/stop", Api.JSON.createObjectNode().put("job_id", job.id))));
        inParallel(stops);
        List<Callable<Sent>> taskStops = new ArrayList<>();
        for (String taskId : unfinished) {
            others.forEach(node -> taskStops.add(() -> post(node, "task/stop",
                    Api.JSON.createObjectNode().put("task_id", taskId))));
        }
        inParallel(taskStops);
    }

    // ---- the wire ----

    /** A call that got no answer at all is tried up to 3 more times, 200 ms apart. */
    @Override
    int tries() {
        return 4;
    }

    @Override
    Duration retryPause() {
        return Duration.ofMillis(200);
    }

    @Override
    boolean retriesOn(int status) {
        return false;
    }

    private Sent post(String node, String operation, JsonNode body) {
        return send(node, "POST", PREFIX + operation, headers(true), Api.JSON.writeValueAsString(body));
    }

    private Map<String, String> headers(boolean post) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Node-Id", nodeId());
        headers.put("X-Timestamp", Long.toString(clock.instant().getEpochSecond()));
        if (post) {
            headers.put("Content-Type", "application/json");
        }
        headers.put("Kuscia-Token", gatewayToken);
        headers.put("x-interconn-protocol", "bfia");
        return headers;
    }

    /** An answer as Kuscia's client reads it: data, or the error it makes of it. */
    record Answer(JsonNode data, String error) {
    }

    /** HTTP 200, a CommonResponse (code an integer, msg a string, data an object or null), and code 200. */
    static Answer read(Sent sent) {
        if (sent.status() < 0) {
            return new Answer(null, sent.answer());
        }
        if (sent.status() != 200) {
            return new Answer(null, "response status code: " + sent.status() + ", body: " + sent.answer());
        }
        JsonNode body = sent.answerJson();
        if (!body.isObject()) {
            return new Answer(null, body.isMissingNode() ? "invalid character looking for beginning of value"
                    : "json: cannot unmarshal into Go value of type interconn.CommonResponse");
        }
        JsonNode code = body.path("code");
        if (!code.isMissingNode() && !code.isNull() && !(code.isIntegralNumber() && code.canConvertToInt())) {
            return new Answer(null, "json: cannot unmarshal " + code + " into Go struct field CommonResponse.code of "
                    + "type int32");
        }
        JsonNode msg = body.path("msg");
        if (!msg.isMissingNode() && !msg.isNull() && !msg.isString()) {
            return new Answer(null, "json: cannot unmarshal " + msg + " into Go struct field CommonResponse.msg of "
                    + "type string");
        }
        JsonNode data = body.path("data");
        if (!data.isMissingNode() && !data.isNull() && !data.isObject()) {
            return new Answer(null, "json: cannot unmarshal " + data + " into Go struct field CommonResponse.data of "
                    + "type structpb.Struct");
        }
        int value = code.isIntegralNumber() ? code.intValue() : 0;
        if (value != 200) {
            return new Answer(null, "status code: " + value + ", message: " + msg.asString(""));
        }
        return new Answer(data, null);
    }

    /** The proto CommonResponse with proto names and unset fields included. */
    private static Reply common(int code, String msg, JsonNode data) {
        ObjectNode body = Api.JSON.createObjectNode().put("code", code).put("msg", msg);
        body.set("data", data == null ? Api.JSON.nullNode() : data);
        return Reply.json(Api.JSON.writeValueAsString(body));
    }

    /** Validation failures, unbindable bodies and recovered panics. */
    private static Reply refusal(String message) {
        return Reply.json(Api.JSON.writeValueAsString(Api.JSON.createObjectNode().put("code", 400)
                .put("message", message)));
    }

    /** Validate: every field set, or the refusal naming each one that is not. */
    private static void require(ObjectNode request, String... fields) {
        List<String> missing = new ArrayList<>();
        for (String field : fields) {
            JsonNode value = request.path(field);
            if (value.isMissingNode() || value.isString() && value.asString().isEmpty()) {
                missing.add("parameter " + field + " can't be empty");
            }
        }
        if (!missing.isEmpty()) {
            throw new Refused(refusal(String.join(";", missing)));
        }
    }

    /** The job the request names, or {@code job does not exist}. */
    private Job job(ObjectNode request) {
        require(request, "job_id");
        Job job = jobs.get(request.path("job_id").asString());
        if (job == null) {
            throw new Refused(common(400, "job does not exist", null));
        }
        return job;
    }

    private static boolean ended(String status) {
        return "SUCCESS".equals(status) || "FAILED".equals(status);
    }

    private static boolean upstreamSucceeded(Job job, JsonNode component) {
        for (JsonNode input : component.path("input")) {
            for (JsonNode other : job.components()) {
                String name = other.path("name").asString();
                for (JsonNode output : other.path("output")) {
                    if (input.path("key").asString().equals(name + "." + output.path("key").asString())
                            && input.path("type").asString().equals(output.path("type").asString())) {
                        Task upstream = job.tasks.get(name);
                        if (upstream == null || !"SUCCESS".equals(job.taskStatus.get(upstream.id))) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    private static Map<String, String> query(String query) {
        Map<String, String> values = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}

package io.hutong.catalog.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hutong.account.CurrentUser;
import io.hutong.account.Users;
import io.hutong.catalog.internal.Matching.NearMiss;
import io.hutong.catalog.internal.Matching.Query;
import io.hutong.catalog.internal.Matching.Result;
import io.hutong.catalog.internal.Matching.Summary;
import io.hutong.catalog.internal.Search.Candidate;
import io.hutong.catalog.internal.Search.Rejection;
import io.hutong.catalog.internal.TaskStore.ExecutionRow;
import io.hutong.catalog.internal.TaskStore.NewExecution;
import io.hutong.catalog.internal.TaskStore.TaskRow;
import io.hutong.catalog.internal.Template.Kind;
import io.hutong.catalog.internal.Template.Slot;
import io.hutong.catalog.internal.Template.Step;
import io.hutong.dbc.DbcVm;
import io.hutong.data.Dataset;
import io.hutong.dbc.DbcVms;
import io.hutong.dbc.VmRequest;
import io.hutong.interconn.BfiaJobs;
import io.hutong.interconn.JobState;
import io.hutong.node.LocalNode;
import io.hutong.pack.Packs;
import io.hutong.pack.UsageRecord;
import io.hutong.web.ApiDates;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import io.hutong.web.Violations;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Tasks from templates: ranked instances per step, then the chosen path carried out — a training
 * on a pack (its time runs down while the job runs; running out stops the job), a component on
 * this node, a DBC VM, a BFIA job with the chosen nodes — and followed until it ends.
 */
@Service
public class Tasks {

    private static final Logger log = LoggerFactory.getLogger(Tasks.class);
    private static final int DEFAULT_INSTANCES = 5;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SlotPlan(String party, Boolean initiator, List<Candidate> instances, List<Rejection> rejected,
            List<NearMiss> nearMisses, Summary summary) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepPlan(String step, String kind, List<Candidate> instances, List<Rejection> rejected,
            List<NearMiss> nearMisses, Summary summary, List<SlotPlan> parties) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Plan(String taskId, String templateId, String status, Map<String, JsonNode> parameters,
            List<StepPlan> steps) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Links(String jobId, String vmId, String packId, String usageRecordId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExecutionView(String step, String party, String kind, String instanceId, String status,
            String detail, Links links, Map<String, Object> live, String source, String sessionIdentifier,
            String startedAt, String endedAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskView(String taskId, String templateId, String status, String reason, String source,
            String sessionIdentifier, String createdAt, String endedAt, List<ExecutionView> executions) {
    }

    private final Templates templates;
    private final Matching matching;
    private final TaskStore store;
    private final Operations operations;
    private final Packs packs;
    private final DbcVms vms;
    private final BfiaJobs jobs;
    private final Users users;
    private final LocalNode local;
    private final ApiDates dates;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;

    Tasks(Templates templates, Matching matching, TaskStore store, Operations operations, Packs packs, DbcVms vms,
            BfiaJobs jobs, Users users, LocalNode local, ApiDates dates, JsonMapper json, Clock clock,
            TransactionTemplate tx) {
        this.templates = templates;
        this.matching = matching;
        this.store = store;
        this.operations = operations;
        this.packs = packs;
        this.vms = vms;
        this.jobs = jobs;
        this.users = users;
        this.local = local;
        this.dates = dates;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
    }

    // ------------------------------------------------------------------ query by template

    /**
     * {@code data}: {@code template_id} (a template kept on the node) or {@code template} (one given
     * inline), {@code parameters}, {@code limit} instances per step. Records the call with its body as
     * received and creates the task.
     */
    public Plan plan(CurrentUser user, InteropCall call) {
        JsonNode data = call.data();
        Violations violations = new Violations();
        boolean byId = data.hasNonNull("template_id");
        boolean inline = data.hasNonNull("template");
        if (byId == inline) {
            violations.add("data.template_id", "oneOf(template_id,template)");
            violations.throwIfAny();
        }
        Template template;
        if (byId) {
            if (!data.get("template_id").isString()) {
                throw ApiException.invalid("data.template_id", "type(string)");
            }
            template = templates.template(data.get("template_id").asString());
        } else {
            template = Template.parse(data.get("template"), "data.template", violations);
        }
        Map<String, JsonNode> parameters = template == null ? Map.of()
                : template.parameters(data.get("parameters"), "data.parameters", violations);
        Query shape = matching.parse(json.createObjectNode().set("limit", data.get("limit")), "data", violations);
        violations.throwIfAny();
        int limit = data.hasNonNull("limit") ? shape.limit() : DEFAULT_INSTANCES;

        String taskId = "ct-" + UUID.randomUUID().toString().replace("-", "");
        List<StepPlan> steps = new ArrayList<>();
        for (Step step : template.steps()) {
            if (step.kind() == Kind.TRAINING) {
                Result r = rank(user, step.slots().get(0), limit, shape.rejectionLimit());
                steps.add(new StepPlan(step.name(), "training", r.candidates(), r.rejected(), r.nearMisses(),
                        r.summary(), null));
            } else {
                List<SlotPlan> parties = new ArrayList<>();
                for (Slot slot : step.slots()) {
                    Result r = rank(user, slot, limit, shape.rejectionLimit());
                    parties.add(new SlotPlan(slot.party(), slot.initiator(), r.candidates(), r.rejected(),
                            r.nearMisses(), r.summary()));
                }
                steps.add(new StepPlan(step.name(), "bfia", null, null, null, null, parties));
            }
        }
        Plan plan = new Plan(taskId, template.id(), "planned", parameters, steps);
        tx.executeWithoutResult(status -> {
            store.insertTask(taskId, user.id(), template.id(), template.body().toString(),
                    json.writeValueAsString(parameters), json.writeValueAsString(plan), call.source(),
                    call.sessionIdentifier(), clock.instant());
            operations.record("query_computing_resources_by_task_template", user.id(), call, taskId, "planned");
        });
        return plan;
    }

    private Result rank(CurrentUser user, Slot slot, int limit, int rejectionLimit) {
        Requirement requirement = slot.requirement().onlyProviders(slot.providers());
        return matching.match(user.id(), new Query(List.of(requirement), false, false, limit, rejectionLimit));
    }

    // ------------------------------------------------------------------ task path

    /** A chosen instance of a slot, checked against the catalog as it is now. */
    private record Choice(Slot slot, Offer offer) {
    }

    /**
     * {@code data}: {@code task_id} and {@code path}: [{step, party?, instance_id}]. A slot left out
     * takes the instance ranked first when the task was planned. Everything is checked before
     * anything starts, and what starts is one transaction: a refusal leaves nothing behind. VMs are
     * the one thing outside the database: they are asked for first, outside any transaction (a
     * dbc_client call holds no lock of the task), and deleted again when anything after them is refused.
     */
    public TaskView path(CurrentUser user, InteropCall call) {
        String taskId = taskId(call.data());
        TaskRow planned = planned(user, taskId);
        Template template = parseStored(planned);
        Map<String, Choice> choices = choose(user, planned, template, call.data().get("path"));
        Map<String, JsonNode> values = new LinkedHashMap<>();
        json.readTree(planned.parameters()).properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        Map<Step, DbcVm> created = new LinkedHashMap<>();
        try {
            for (Step step : template.steps()) {
                if (step.kind() != Kind.BFIA && choices.get(step.name()).offer().provider() == Provider.DBC) {
                    created.put(step, createVm(user, planned, step, choices.get(step.name()).offer(), values));
                }
            }
            tx.executeWithoutResult(status -> {
                TaskRow task = planned(user, taskId);
                for (Step step : template.steps()) {
                    if (step.kind() == Kind.BFIA) {
                        startBfia(task, step, choices, values, call);
                    } else if (created.containsKey(step)) {
                        recordVm(task, step, choices.get(step.name()).offer(), created.get(step), call);
                    } else {
                        startComponent(user, task, step, choices.get(step.name()).offer(), values, call);
                    }
                }
                store.setTaskStatus(taskId, "running", null, clock.instant(), false);
                operations.record("task_path", user.id(), call, taskId, "running");
            });
        } catch (RuntimeException refused) {
            created.values().forEach(vm -> vms.deleteWhenStable(user.id(), vm.id()));
            throw refused;
        }
        matching.packs().forget(user.id());
        return view(store.task(taskId).orElseThrow());
    }

    /** The user's task, locked when in a transaction, that has no path yet. */
    private TaskRow planned(CurrentUser user, String taskId) {
        TaskRow task = store.lock(taskId).filter(t -> t.userId() == user.id())
                .orElseThrow(() -> ApiException.notFound("no task " + taskId));
        if (!task.status().equals("planned")) {
            throw ApiException.failure("task " + taskId + " already has a path (" + task.status() + ")");
        }
        return task;
    }

    private Template parseStored(TaskRow task) {
        Violations violations = new Violations();
        Template template = Template.parse(json.readTree(task.template()), "template", violations);
        violations.throwIfAny();
        return template;
    }

    private Map<String, Choice> choose(CurrentUser user, TaskRow task, Template template, JsonNode path) {
        Violations violations = new Violations();
        Map<String, String> chosen = new LinkedHashMap<>();
        Map<String, Slot> slots = new LinkedHashMap<>();
        template.slots().forEach(s -> slots.put(s.label(), s));
        if (path != null && !path.isNull()) {
            if (!path.isArray()) {
                throw ApiException.invalid("data.path", "type(array)");
            }
            for (int i = 0; i < path.size(); i++) {
                JsonNode entry = path.get(i);
                String field = "data.path[" + i + "]";
                String label = entry.path("step").asString("")
                        + (entry.hasNonNull("party") ? "." + entry.get("party").asString() : "");
                if (!slots.containsKey(label)) {
                    violations.add(field + ".step", "oneOf(" + String.join(",", slots.keySet()) + ")");
                } else if (!entry.path("instance_id").isString()) {
                    violations.add(field + ".instance_id", "notBlank");
                } else if (chosen.put(label, entry.get("instance_id").asString()) != null) {
                    violations.add(field + ".step", "unique");
                }
            }
        }
        JsonNode plan = json.readTree(task.plan());
        for (Slot slot : slots.values()) {
            if (!chosen.containsKey(slot.label())) {
                String first = firstRanked(plan, slot);
                if (first == null) {
                    violations.add("data.path", "choose(" + slot.label() + " had no instance; name one)");
                } else {
                    chosen.put(slot.label(), first);
                }
            }
        }
        violations.throwIfAny();
        Map<String, Choice> choices = new LinkedHashMap<>();
        for (Slot slot : slots.values()) {
            String offerId = chosen.get(slot.label());
            Offer offer = matching.find(user.id(), offerId);
            if (offer == null) {
                throw ApiException.failure(slot.label() + ": instance " + offerId + " is not in the catalog now");
            }
            if (!slot.providers().contains(offer.provider())) {
                throw ApiException.invalid("data.path", "provider(" + slot.label() + " runs on " + slot.providers()
                        + ", not " + offer.provider().code() + ")");
            }
            int broken = Fit.check(offer, slot.requirement());
            if (broken != 0) {
                throw ApiException.failure(slot.label() + ": instance " + offerId + " does not fit now: "
                        + String.join("; ", Fit.reasons(offer, slot.requirement(), broken)));
            }
            choices.put(slot.label(), new Choice(slot, offer));
        }
        return choices;
    }

    private static String firstRanked(JsonNode plan, Slot slot) {
        for (JsonNode step : plan.path("steps")) {
            if (!step.path("step").asString().equals(slot.step())) {
                continue;
            }
            JsonNode instances = step.path("instances");
            if (slot.party() != null) {
                for (JsonNode party : step.path("parties")) {
                    if (party.path("party").asString().equals(slot.party())) {
                        instances = party.path("instances");
                    }
                }
            }
            return instances.isArray() && !instances.isEmpty() ? instances.get(0).path("offer").path("id").asString()
                    : null;
        }
        return null;
    }

    /** A training on a pack (its accounting runs while the job runs) or on this node: a one-party BFIA job here. */
    private void startComponent(CurrentUser user, TaskRow task, Step step, Offer offer, Map<String, JsonNode> values,
            InteropCall call) {
        JsonNode component = Template.fill(step.component(), values);
        ObjectNode node = json.createObjectNode().put("name", step.name())
                .put("componentName", component.path("componentName").asString())
                .put("version", component.path("version").asString())
                .put("provider", component.path("provider").asString());
        node.set("input", json.createArrayNode());
        node.set("output", json.createArrayNode().add(json.createObjectNode().put("key", "data")
                .put("type", "dataset")));
        ObjectNode dag = json.createObjectNode().put("version", "2.0.0");
        dag.set("components", json.createArrayNode().add(node));
        ObjectNode config = json.createObjectNode().put("version", "2.0.0");
        config.set("initiator", json.createObjectNode().put("role", "guest").put("node_id", local.id()));
        config.set("role", json.createObjectNode().set("guest", json.createArrayNode().add(local.id())));
        config.set("job_params", json.createObjectNode().set("common", json.createObjectNode()
                .put("sync_type", "callback")));
        JsonNode params = component.path("parameters");
        config.set("task_params", json.createObjectNode().set("common", json.createObjectNode()
                .set(step.name(), params.isObject() ? params : json.createObjectNode())));
        Long packId = null;
        Long usageId = null;
        if (offer.provider() == Provider.PACK) {
            packId = Long.parseLong(offer.ref());
            UsageRecord usage = packs.startTraining(user, packId, task.taskId() + "/" + step.name(),
                    task.templateId() + " " + step.name());
            usageId = usage.id();
        }
        String jobId = jobs.createAll(task.taskId(), dag, config, task.userId());
        store.insertExecution(task.taskId(), new NewExecution(step.name(), null,
                offer.provider() == Provider.PACK ? "pack" : "local", offer.id(), json.writeValueAsString(offer),
                "running", "job " + jobId + " created", jobId, null, packId, usageId), call.source(),
                call.sessionIdentifier(), clock.instant());
        log.info("Task {} step {}: job {} on {}", task.taskId(), step.name(), jobId, offer.id());
    }

    private void startBfia(TaskRow task, Step step, Map<String, Choice> choices, Map<String, JsonNode> values,
            InteropCall call) {
        Map<String, JsonNode> filled = new LinkedHashMap<>(values);
        ObjectNode offers = json.createObjectNode();
        List<String> ids = new ArrayList<>();
        for (Slot slot : step.slots()) {
            Offer offer = choices.get(slot.label()).offer();
            filled.put(slot.party(), json.getNodeFactory().stringNode(offer.ref()));
            offers.set(slot.party(), json.valueToTree(offer));
            ids.add(slot.party() + "=" + offer.id());
        }
        String jobId = jobs.createAll(task.taskId(), Template.fill(step.dag(), filled),
                Template.fill(step.config(), filled), task.userId());
        store.insertExecution(task.taskId(), new NewExecution(step.name(), null, "bfia", String.join(",", ids),
                offers.toString(), "running", "job " + jobId + " created", jobId, null, null, null), call.source(),
                call.sessionIdentifier(), clock.instant());
        log.info("Task {} step {}: BFIA job {} with {}", task.taskId(), step.name(), jobId, ids);
    }

    /** Asks the DBC feature for the step's VM on the chosen machine slice, with ports no VM of the user there has. */
    private DbcVm createVm(CurrentUser user, TaskRow task, Step step, Offer offer, Map<String, JsonNode> values) {
        JsonNode vm = Template.fill(step.vm(), values);
        Set<Integer> used = new HashSet<>();
        vms.vms(user.id()).stream().filter(v -> v.nodeId().equals(offer.ref()) && !"deleted".equals(v.status()))
                .forEach(v -> {
                    used.add(v.sshPort());
                    used.add(v.rdpPort());
                    used.add(v.vncPort());
                });
        int ssh = free(vm.path("ssh_port").asInt(30022), used);
        used.add(ssh);
        int vnc = free(vm.path("vnc_port").asInt(5901), used);
        DbcVm created = vms.create(user.id(), new VmRequest(null, offer.ref(), vm.path("image").asString(),
                vm.path("os").asString("linux"), null, ssh, null, vnc, offer.acceleratorCount(), offer.vcpus(),
                offer.memoryGib().intValue(), offer.diskGib().intValue(), "hutong task " + task.taskId(),
                vm.hasNonNull("rent_order") ? vm.get("rent_order").asString() : null, null));
        log.info("Task {} step {}: VM {} on DBC machine {}", task.taskId(), step.name(), created.id(), offer.ref());
        return created;
    }

    private void recordVm(TaskRow task, Step step, Offer offer, DbcVm created, InteropCall call) {
        store.insertExecution(task.taskId(), new NewExecution(step.name(), null, "dbc", offer.id(),
                json.writeValueAsString(offer), "starting", "VM " + created.status(), null, created.id(), null, null),
                call.source(), call.sessionIdentifier(), clock.instant());
    }

    /** The first port from {@code from} upward that none of the user's VMs on the machine uses. */
    private static int free(int from, Set<Integer> used) {
        int port = from;
        while (used.contains(port)) {
            port++;
        }
        return port;
    }

    // ------------------------------------------------------------------ status

    /** {@code data}: {@code task_id}. Asks the linked job, VM and usage record where they are now. */
    public TaskView status(CurrentUser user, InteropCall call) {
        String taskId = taskId(call.data());
        TaskRow task = store.task(taskId).filter(t -> t.userId() == user.id())
                .orElseThrow(() -> ApiException.notFound("no task " + taskId));
        reconcile(taskId);
        operations.queue("task_status", user.id(), call, taskId, null);
        return view(store.task(taskId).orElse(task));
    }

    private static String taskId(JsonNode data) {
        JsonNode id = data.get("task_id");
        if (id == null || !id.isString() || id.asString().isBlank()) {
            throw ApiException.invalid("data.task_id", "notBlank");
        }
        return id.asString();
    }

    private TaskView view(TaskRow task) {
        List<ExecutionView> executions = new ArrayList<>();
        for (ExecutionRow e : store.executions(task.taskId())) {
            executions.add(new ExecutionView(e.step(), e.party(), e.kind(), e.offerId(), e.status(), e.detail(),
                    new Links(e.jobId(), text(e.vmId()), text(e.packId()), text(e.usageRecordId())), live(task, e),
                    e.source(), e.sessionIdentifier(), dates.format(e.startedAt()), dates.format(e.endedAt())));
        }
        return new TaskView(task.taskId(), task.templateId(), task.status(), task.reason(), task.source(),
                task.sessionIdentifier(), dates.format(task.createdAt()), dates.format(task.endedAt()), executions);
    }

    /** Where the linked work is now, as its feature reports it. */
    private Map<String, Object> live(TaskRow task, ExecutionRow e) {
        Map<String, Object> live = new LinkedHashMap<>();
        try {
            if (e.jobId() != null) {
                JobState state = jobs.status(e.jobId());
                live.put("job_status", state.job_status());
                if (state.result() != null) {
                    live.put("job_result", state.result());
                }
                // the datasets the job wrote here, for its owner: a PSI's intersection, downloadable
                List<Map<String, Object>> outputs = users.findById(task.userId()).map(owner -> jobs.outputs(e.jobId(),
                        owner)).orElse(List.of()).stream().map(this::output).toList();
                if (!outputs.isEmpty()) {
                    live.put("job_outputs", outputs);
                }
            }
            if (e.vmId() != null) {
                live.put("vm_status", vms.vm(task.userId(), e.vmId()).status());
            }
            if (e.usageRecordId() != null) {
                packs.usage(e.usageRecordId()).ifPresent(u -> {
                    live.put("usage_running", u.running());
                    live.put("usage_seconds", u.duration(clock.instant()).toSeconds());
                    if (u.endReason() != null) {
                        live.put("usage_end_reason", u.endReason());
                    }
                });
            }
        } catch (ApiException notYet) {
            // a job is created at its scheduler right after the commit: until then it is unknown
            live.put("pending", notYet.getMessage());
        }
        return live.isEmpty() ? null : live;
    }

    private Map<String, Object> output(Dataset dataset) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("task_name", dataset.jobOutput().taskName());
        output.put("role", dataset.jobOutput().role());
        output.put("output_key", dataset.jobOutput().outputKey());
        output.put("namespace", dataset.id().namespace());
        output.put("name", dataset.id().name());
        output.put("rows", dataset.rows());
        return output;
    }

    private static String text(Long id) {
        return id == null ? null : Long.toString(id);
    }

    // ------------------------------------------------------------------ following the work

    /** Brings the open executions of a task up to date with their job, VM and usage record. */
    void reconcile(String taskId) {
        for (ExecutionRow e : store.executions(taskId)) {
            if (!e.open()) {
                continue;
            }
            try {
                if (e.usageRecordId() != null) {
                    UsageRecord usage = packs.usage(e.usageRecordId()).orElse(null);
                    if (usage != null && "outOfTime".equals(usage.endReason())) {
                        packRanOut(e, usage.endTime());
                        continue;
                    }
                }
                if (e.jobId() != null) {
                    JobState state = jobs.status(e.jobId());
                    if (state.ended()) {
                        jobEnded(e, state.job_status(), state.result(), state.reason());
                    }
                }
                if (e.vmId() != null) {
                    TaskRow task = store.task(taskId).orElseThrow();
                    vmStatus(e, vms.vm(task.userId(), e.vmId()).status());
                }
            } catch (ApiException e2) {
                if (e2.kind() != ErrorKind.NOT_FOUND) {
                    log.warn("Task {}: cannot read the state of step {}: {}", taskId, e.step(), e2.getMessage());
                }
            }
        }
    }

    void jobEnded(ExecutionRow e, String jobStatus, String result, String reason) {
        String status = "SUCCESS".equals(result) ? "succeeded" : "STOPPED".equals(result) ? "stopped" : "failed";
        String detail = "job " + e.jobId() + " " + jobStatus + (result == null ? "" : " (" + result + ")")
                + (reason == null || reason.isBlank() ? "" : ": " + reason);
        tx.executeWithoutResult(s -> {
            if (store.update(e.id(), status, detail, clock.instant())) {
                if (e.usageRecordId() != null) {
                    CurrentUser user = owner(e);
                    packs.finishTraining(user, e.usageRecordId());
                }
                settle(e.taskId());
            }
        });
        if (e.usageRecordId() != null) {
            matching.packs().forget(owner(e).id());
        }
    }

    /** The pack ran out: the job on it is stopped and the step records why. */
    void packRanOut(ExecutionRow e, Instant at) {
        tx.executeWithoutResult(s -> {
            if (store.update(e.id(), "stopped", "outOfTime: resource pack " + e.packId() + " ran out at "
                    + dates.format(at) + "; job " + e.jobId() + " stopped", clock.instant())) {
                if (e.jobId() != null) {
                    jobs.stop(e.jobId(), null);
                }
                settle(e.taskId());
            }
        });
    }

    void vmStatus(ExecutionRow e, String vmStatus) {
        String status = vmStatus.contains("error") ? "failed" : "deleted".equals(vmStatus) ? "succeeded"
                : "running".equals(vmStatus) ? "running" : e.status();
        tx.executeWithoutResult(s -> {
            if (store.update(e.id(), status, "VM " + vmStatus, clock.instant())) {
                settle(e.taskId());
            }
        });
    }

    /** The task's status from its executions: running while one is open, then how they ended. */
    private void settle(String taskId) {
        store.lock(taskId);
        List<ExecutionRow> executions = store.executions(taskId);
        Instant now = clock.instant();
        if (executions.stream().anyMatch(ExecutionRow::open)) {
            store.setTaskStatus(taskId, "running", null, now, false);
            return;
        }
        String status = executions.stream().allMatch(x -> x.status().equals("succeeded")) ? "succeeded"
                : executions.stream().anyMatch(x -> x.status().equals("failed")) ? "failed" : "stopped";
        String reason = executions.stream().filter(x -> !x.status().equals("succeeded"))
                .map(x -> x.step() + ": " + x.detail()).findFirst().orElse(null);
        store.setTaskStatus(taskId, status, reason, now, true);
        log.info("Task {} {}{}", taskId, status, reason == null ? "" : " (" + reason + ")");
    }

    private CurrentUser owner(ExecutionRow e) {
        long userId = store.task(e.taskId()).orElseThrow().userId();
        return users.findById(userId).orElseThrow(() -> new IllegalStateException("no user " + userId));
    }

    List<ExecutionRow> openByLink(String column, Object value) {
        return store.openByLink(column, value);
    }

    List<String> tasksWithOpenExecutions() {
        return store.tasksWithOpenExecutions();
    }
}

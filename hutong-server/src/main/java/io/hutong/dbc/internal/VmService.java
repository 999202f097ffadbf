package io.hutong.dbc.internal;

import io.hutong.core.SecretBox;
import io.hutong.dbc.DbcMachine;
import io.hutong.dbc.DbcVm;
import io.hutong.dbc.DbcVm.VmLogin;
import io.hutong.dbc.DbcVmStatusChanged;
import io.hutong.dbc.DbcVms;
import io.hutong.dbc.VmOperation;
import io.hutong.dbc.VmRequest;
import io.hutong.dbc.internal.DbcConnector.Target;
import io.hutong.dbc.internal.DbcStore.AccountRow;
import io.hutong.dbc.internal.DbcStore.ClientRow;
import io.hutong.dbc.internal.DbcStore.VmRow;
import io.hutong.dbc.internal.DbcWire.TaskDetails;
import io.hutong.dbc.internal.DbcWire.TaskSummary;
import io.hutong.storage.AfterTransaction;
import io.hutong.web.ApiException;
import io.hutong.web.Paging;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * VMs on DBC machines: checked before the dbc_client is called, recorded, and followed by polling
 * their details with backoff until they reach the status an operation leads to, or an error status.
 * Every status a VM takes is recorded with its time.
 */
@Service
public class VmService implements DbcVms {

    private static final Logger log = LoggerFactory.getLogger(VmService.class);
    private static final Pattern NODE_ID = Pattern.compile("[0-9a-fA-F]{64}");
    /** The node echoes desc unescaped into later answers: quotes, backslashes and line breaks would break them. */
    private static final Pattern SAFE_DESC = Pattern.compile("[\\p{L}\\p{N} _.,:;@()\\[\\]/+=#-]{0,128}");
    private static final Pattern CUSTOM_PORT = Pattern.compile("(tcp|udp),\\d{1,5}(:\\d{1,5})?");
    private static final Set<String> OS = Set.of("linux", "windows");
    private static final Set<String> BIOS = Set.of("legacy", "uefi", "pxe");
    static final String DELETED = "deleted";
    /** The statuses in which the client takes an operation (see the notes); the others are transitions. */
    private static final Set<String> STABLE = Set.of("none", "closed", "running", "pmsuspend");
    private static final String DELETE_WHEN_STABLE = "delete-when-stable";

    private final DbcStore store;
    private final DbcAccounts accounts;
    private final MachineService machines;
    private final DbcConnector connector;
    private final SecretBox secrets;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final TaskExecutor executor;
    private final ApplicationEventPublisher events;
    private final DbcProperties.Poll poll;

    VmService(DbcStore store, DbcAccounts accounts, MachineService machines, DbcConnector connector, SecretBox secrets,
            JsonMapper json, Clock clock, TransactionTemplate tx,
            @Qualifier("applicationTaskExecutor") TaskExecutor executor, ApplicationEventPublisher events,
            DbcProperties properties) {
        this.store = store;
        this.accounts = accounts;
        this.machines = machines;
        this.connector = connector;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
        this.executor = executor;
        this.events = events;
        this.poll = properties.poll();
    }

    // ---------------------------------------------------------------- create

    @Override
    public DbcVm create(long userId, VmRequest request) {
        Map<String, List<String>> violations = new LinkedHashMap<>();
        String nodeId = request.nodeId() == null ? "" : request.nodeId().strip().toLowerCase(Locale.ROOT);
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw ApiException.invalid("nodeId", "pattern(64 hex characters)");
        }
        String os = lower(request.operationSystem(), "linux");
        if (!OS.contains(os)) {
            violations.put("operationSystem", List.of("oneOf(linux,windows)"));
        }
        String bios = lower(request.biosMode(), "legacy");
        if (!BIOS.contains(bios)) {
            violations.put("biosMode", List.of("oneOf(legacy,uefi,pxe)"));
        }
        boolean windows = os.equals("windows");
        Integer sshPort = request.sshPort();
        Integer rdpPort = request.rdpPort();
        if (windows) {
            portRule(violations, "rdpPort", rdpPort, 1);
            sshPort = null;
        } else {
            portRule(violations, "sshPort", sshPort, 1);
            rdpPort = null;
        }
        portRule(violations, "vncPort", request.vncPort(), 5900);
        positive(violations, "cpuCores", request.cpuCores(), 1);
        positive(violations, "memGb", request.memGb(), 1);
        positive(violations, "diskGb", request.diskGb(), 1);
        positive(violations, "gpuCount", request.gpuCount(), 0);
        String image = request.imageName() == null ? "" : request.imageName().strip();
        if (!image.endsWith(".qcow2")) {
            violations.put("imageName", List.of("pattern(*.qcow2)"));
        }
        String desc = request.desc() == null ? "" : request.desc().strip();
        if (!SAFE_DESC.matcher(desc).matches()) {
            violations.put("desc", List.of("pattern(at most 128 letters, digits, spaces and _.,:;@()[]/+=#-)"));
        }
        String rentOrder = request.rentOrder() == null ? null : request.rentOrder().strip();
        if (rentOrder != null && !rentOrder.isEmpty() && !rentOrder.matches("\\d{1,20}")) {
            violations.put("rentOrder", List.of("pattern(digits)"));
        }
        List<String> custom = request.customPorts() == null ? List.of() : request.customPorts();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < custom.size(); i++) {
            String port = custom.get(i) == null ? "" : custom.get(i).strip();
            if (!CUSTOM_PORT.matcher(port).matches()) {
                violations.put("customPorts[" + i + "]", List.of("pattern(tcp|udp,PORT[:PORT])"));
            } else {
                ports.add(Integer.parseInt(port.split(",")[1].split(":")[0]));
            }
        }
        fail(violations);

        Route route = route(userId, request.accountId(), nodeId);
        DbcMachine machine = route.machine();
        if (!machine.images().contains(image)) {
            violations.put("imageName", List.of("oneOf(" + String.join(",", machine.images()) + ")"));
        }
        if (request.gpuCount() > machine.freeGpus()) {
            violations.put("gpuCount", List.of("max(" + machine.freeGpus() + ")"));
        }
        Map<String, Integer> named = new LinkedHashMap<>();
        named.put(windows ? "rdpPort" : "sshPort", windows ? rdpPort : sshPort);
        named.put("vncPort", request.vncPort());
        for (int i = 0; i < ports.size(); i++) {
            named.put("customPorts[" + i + "]", ports.get(i));
        }
        checkPortsFree(userId, nodeId, named, violations);
        fail(violations);

        Map<String, String> additional = new LinkedHashMap<>();
        additional.put("image_name", image);
        additional.put("operation_system", os);
        additional.put("bios_mode", bios);
        if (windows) {
            additional.put("rdp_port", rdpPort.toString());
        } else {
            additional.put("ssh_port", sshPort.toString());
        }
        additional.put("vnc_port", request.vncPort().toString());
        additional.put("gpu_count", request.gpuCount().toString());
        additional.put("cpu_cores", request.cpuCores().toString());
        additional.put("mem_size", request.memGb().toString());
        additional.put("disk_size", request.diskGb().toString());
        if (!custom.isEmpty()) {
            additional.put("custom_port", String.join(";", custom.stream().map(String::strip).toList()));
        }
        additional.put("desc", desc);
        TaskSummary task;
        try {
            task = connector.createTask(route.target(), additional, rentOrder);
        } catch (DbcFailure failure) {
            throw failure.toApi();
        }
        Instant now = clock.instant();
        VmRow row = new VmRow(0, userId, route.client().id(), route.account().id(), nodeId, task.task_id(), desc, os,
                image, sshPort, rdpPort, request.vncPort(), request.gpuCount(), request.cpuCores(), request.memGb(),
                request.diskGb(), rentOrder, task.status() == null ? "creating" : task.status(), now, "create",
                "running", now.plus(poll.initial()), 0, now.plus(poll.giveUp()), null, now);
        long id = record(row, "created through Hutong");
        log.info("VM {} (task {}) requested on machine {} for user {}", id, task.task_id(), nodeId, userId);
        return view(store.vm(id).orElseThrow());
    }

    static boolean safeDesc(String desc) {
        return SAFE_DESC.matcher(desc.strip()).matches();
    }

    DbcProperties.Poll pollSettings() {
        return poll;
    }

    /**
     * Records a VM the dbc_client just created (through Hutong's API or its gateway) and starts following it,
     * in the caller's transaction. The VM exists whatever becomes of that transaction: when it rolls back, the
     * VM is recorded again and deleted as soon as the dbc_client takes the request. That happens on another
     * thread, since this one holds the rolled-back connection until the rollback is done.
     */
    long record(VmRow row, String note) {
        return tx.execute(status -> {
            long id = insert(row, note);
            AfterTransaction.rollback(() -> executor.execute(() -> recordUnwanted(row)));
            return id;
        });
    }

    private void recordUnwanted(VmRow row) {
        try {
            tx.executeWithoutResult(status -> {
                long id = insert(row, "created for a request that was then refused");
                follow(store.vm(id).orElseThrow(), DELETE_WHEN_STABLE, DELETED,
                        "to be deleted once the dbc_client takes the request");
            });
            log.info("VM of task {} on machine {} was made for a refused request: deleted once stable", row.taskId(),
                    row.nodeId());
        } catch (RuntimeException e) {
            log.error("VM of task {} on machine {} for user {} was made for a refused request and could not be "
                    + "recorded; delete it on the dbc_client", row.taskId(), row.nodeId(), row.userId(), e);
        }
    }

    private long insert(VmRow row, String note) {
        long id = store.insertVm(row);
        store.insertEvent(id, row.status(), row.statusAt(), note);
        events.publishEvent(new DbcVmStatusChanged(id, row.userId(), row.nodeId(), row.taskId(), null,
                row.status(), row.statusAt()));
        return id;
    }

    record Route(ClientRow client, AccountRow account, DbcMachine machine, Target target) {
    }

    /** The client and account to reach a machine as this user: the given account, or the user's own before the node's. */
    Route route(long userId, Long accountId, String nodeId) {
        List<AccountRow> candidates = accountId != null ? List.of(accounts.usableAccount(userId, accountId))
                : store.accounts(userId);
        if (candidates.isEmpty()) {
            throw ApiException.failure("no DBC account is registered for you or for this node: register a dbc_client "
                    + "and an account first");
        }
        DbcFailure unreachable = null;
        for (AccountRow account : candidates) {
            ClientRow client = store.client(account.clientId()).orElseThrow();
            Optional<DbcMachine> machine;
            try {
                machine = machines.machine(client, nodeId);
            } catch (DbcFailure failure) {
                // another client may still know the machine
                unreachable = failure;
                continue;
            }
            if (machine.isPresent()) {
                return new Route(client, account, machine.get(),
                        new Target(client.url(), nodeId, accounts.auth(account)));
            }
        }
        if (unreachable != null) {
            throw unreachable.toApi();
        }
        throw ApiException.invalid("nodeId", "known(no dbc_client of yours or of this node knows machine " + nodeId + ")");
    }

    private void checkPortsFree(long userId, String nodeId, Map<String, Integer> wanted,
            Map<String, List<String>> violations) {
        Map<Integer, String> seen = new LinkedHashMap<>();
        wanted.forEach((field, port) -> {
            String twin = seen.putIfAbsent(port, field);
            if (twin != null) {
                violations.put(field, List.of("distinct(" + twin + ")"));
            }
        });
        for (VmRow other : store.liveVms(userId, nodeId)) {
            List<Integer> used = new ArrayList<>();
            if (other.sshPort() != null) {
                used.add(other.sshPort());
            }
            if (other.rdpPort() != null) {
                used.add(other.rdpPort());
            }
            used.add(other.vncPort());
            wanted.forEach((field, port) -> {
                if (used.contains(port)) {
                    violations.put(field, List.of("free(used by your VM " + other.id() + " on this machine)"));
                }
            });
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public DbcVm vm(long userId, long vmId) {
        return view(owned(userId, vmId));
    }

    @Override
    public List<DbcVm> vms(long userId) {
        return store.vms(userId, Paging.ALL).stream().map(this::view).toList();
    }

    public List<DbcStore.VmEvent> history(long userId, long vmId) {
        owned(userId, vmId);
        return store.events(vmId);
    }

    VmRow owned(long userId, long vmId) {
        return store.vm(vmId).filter(v -> v.userId() == userId)
                .orElseThrow(() -> ApiException.notFound("no VM " + vmId));
    }

    public DbcVm view(VmRow row) {
        VmLogin login = row.login() == null ? null : json.readValue(secrets.openText(row.login(), "dbc vm login " + row.id()), VmLogin.class);
        return new DbcVm(row.id(), row.userId(), row.clientId(), row.accountId(), row.nodeId(), row.taskId(),
                row.description(), row.os(), row.imageName(), row.sshPort(), row.rdpPort(), row.vncPort(),
                row.gpuCount(), row.cpuCores(), row.memGb(), row.diskGb(), row.rentOrder(), row.status(),
                row.statusAt(), row.operation(), row.nextPollAt(), row.createdAt(), login);
    }

    /** Where calls about a VM go: its client, machine and account. */
    Target target(VmRow vm) {
        return target(vm.clientId(), vm.accountId(), vm.nodeId());
    }

    /** Where calls about a machine go, through a recorded client and account. */
    Target target(long clientId, long accountId, String nodeId) {
        ClientRow client = store.client(clientId).orElseThrow();
        AccountRow account = store.account(accountId).orElseThrow();
        return new Target(client.url(), nodeId, accounts.auth(account));
    }

    // ---------------------------------------------------------------- operations

    @Override
    public DbcVm operate(long userId, long vmId, VmOperation operation) {
        VmRow vm = owned(userId, vmId);
        if (vm.status().equals(DELETED)) {
            throw ApiException.failure("VM " + vmId + " is deleted");
        }
        try {
            connector.operate(target(vm), operation.path(), vm.taskId(), false);
        } catch (DbcFailure failure) {
            throw failure.toApi();
        }
        follow(vm, operation.code(), operation.target(), operation.code() + " requested");
        return view(store.vm(vmId).orElseThrow());
    }

    @Override
    public void deleteWhenStable(long userId, long vmId) {
        VmRow vm = owned(userId, vmId);
        if (!vm.status().equals(DELETED)) {
            follow(vm, DELETE_WHEN_STABLE, DELETED, "to be deleted once the dbc_client takes the request");
        }
    }

    /** Snapshots are taken of a powered-off VM, which goes {@code snapshot creating} and back to {@code closed}. */
    public void createSnapshot(long userId, long vmId, String name, String desc) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw ApiException.invalid("snapshot_name", "pattern([A-Za-z0-9_.-]{1,64})");
        }
        if (desc != null && !SAFE_DESC.matcher(desc.strip()).matches()) {
            throw ApiException.invalid("desc", "pattern(at most 128 letters, digits, spaces and _.,:;@()[]/+=#-)");
        }
        VmRow vm = owned(userId, vmId);
        if (!vm.status().equals("closed")) {
            throw ApiException.failure("VM " + vmId + " is " + vm.status() + ": snapshots are taken of a powered-off "
                    + "VM (status closed)");
        }
        try {
            connector.createSnapshot(target(vm), vm.taskId(), name, desc == null ? null : desc.strip(), null);
        } catch (DbcFailure failure) {
            throw failure.toApi();
        }
        follow(vm, "snapshot", "closed", "snapshot " + name + " requested");
    }

    public String logs(long userId, long vmId, String flag, int lines) {
        if (!flag.equals("tail") && !flag.equals("head")) {
            throw ApiException.invalid("flag", "oneOf(tail,head)");
        }
        if (lines < 1 || lines > 1000) {
            throw ApiException.invalid("lines", "range(1,1000)");
        }
        VmRow vm = owned(userId, vmId);
        return relay(() -> connector.logs(target(vm), vm.taskId(), flag, lines));
    }

    public List<DbcWire.Snapshot> snapshots(long userId, long vmId) {
        VmRow vm = owned(userId, vmId);
        return relay(() -> connector.snapshots(target(vm), vm.taskId(), null));
    }

    public void deleteSnapshot(long userId, long vmId, String name) {
        VmRow vm = owned(userId, vmId);
        relay(() -> {
            connector.deleteSnapshot(target(vm), vm.taskId(), name);
            return null;
        });
    }

    public List<DbcWire.Disk> disks(long userId, long vmId) {
        VmRow vm = owned(userId, vmId);
        return relay(() -> connector.disks(target(vm), vm.taskId()));
    }

    public List<DbcWire.RentOrder> rentOrders(long userId, String nodeId) {
        Route route = route(userId, null, nodeId.toLowerCase(Locale.ROOT));
        return relay(() -> connector.rentOrders(route.client().url(), route.machine().nodeId(), null));
    }

    static <T> T relay(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (DbcFailure failure) {
            throw failure.toApi();
        }
    }

    /** Follows a VM again after an operation Hutong relayed (from its own API or the gateway). */
    void follow(VmRow vm, String operation, String targetStatus, String note) {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            store.follow(vm.id(), operation, targetStatus, now.plus(poll.initial()), now.plus(poll.giveUp()));
            store.insertEvent(vm.id(), vm.status(), now, note);
        });
    }

    // ---------------------------------------------------------------- following

    /** Polls one claimed VM: records what the node reports and decides when to look again. */
    void poll(VmRow vm) {
        String status;
        TaskDetails details = null;
        try {
            details = connector.task(target(vm), vm.taskId());
            status = details.status() == null ? vm.status() : details.status();
        } catch (DbcFailure failure) {
            if (failure.kind() != DbcFailure.Kind.NOT_FOUND) {
                log.warn("Polling VM {} (task {}) failed: {} ({})", vm.id(), vm.taskId(), failure.getMessage(),
                        failure.kind());
                retryLater(vm, "poll failed: " + failure.getMessage());
                return;
            }
            status = DELETED;
        }
        Instant now = clock.instant();
        TaskDetails reported = details;
        String next = status;
        tx.executeWithoutResult(s -> {
            VmRow current = store.lockVm(vm.id()).orElseThrow();
            if (!current.status().equals(next)) {
                store.setStatus(vm.id(), next, now);
                store.insertEvent(vm.id(), next, now, null);
                events.publishEvent(new DbcVmStatusChanged(vm.id(), vm.userId(), vm.nodeId(), vm.taskId(),
                        current.status(), next, now));
                log.info("VM {} (task {}) is {}", vm.id(), vm.taskId(), next);
            }
            if (reported != null) {
                store.setLogin(vm.id(), secrets.sealText(json.writeValueAsString(login(reported)), "dbc vm login " + vm.id()));
            }
            if (next.equals(current.targetStatus()) || isError(next) || next.equals(DELETED)) {
                store.stopFollowing(vm.id());
            } else if (current.followUntil() != null && !now.isBefore(current.followUntil())) {
                store.stopFollowing(vm.id());
                store.insertEvent(vm.id(), next, now, "stopped following: " + current.targetStatus()
                        + " not reached within " + poll.giveUp());
            } else {
                store.scheduleNextPoll(vm.id(), now.plus(backoff(current.pollAttempts())));
            }
        });
        if (DELETE_WHEN_STABLE.equals(vm.operation()) && (STABLE.contains(next) || isError(next))) {
            try {
                connector.operate(target(vm), VmOperation.DELETE.path(), vm.taskId(), false);
                follow(vm, VmOperation.DELETE.code(), DELETED, "delete requested");
            } catch (DbcFailure failure) {
                log.warn("VM {} (task {}): delete not taken yet: {}", vm.id(), vm.taskId(), failure.getMessage());
            }
        }
    }

    private void retryLater(VmRow vm, String note) {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            if (vm.followUntil() != null && !now.isBefore(vm.followUntil())) {
                store.stopFollowing(vm.id());
                store.insertEvent(vm.id(), vm.status(), now, "stopped following: " + note);
            } else {
                store.scheduleNextPoll(vm.id(), now.plus(backoff(vm.pollAttempts())));
            }
        });
    }

    /** initial, 2×, 4×, … up to max. */
    Duration backoff(int attempts) {
        Duration delay = poll.initial().multipliedBy(1L << Math.min(attempts + 1, 20));
        return delay.compareTo(poll.max()) > 0 ? poll.max() : delay;
    }

    static boolean isError(String status) {
        return status.equals("error") || status.endsWith(" error");
    }

    private static VmLogin login(TaskDetails details) {
        return new VmLogin(details.ssh_ip(), integer(details.ssh_port()), integer(details.rdp_port()),
                integer(details.vnc_port()), details.user_name(), details.login_password(), details.vnc_password());
    }

    private static Integer integer(String text) {
        return text != null && text.strip().matches("\\d{1,9}") ? Integer.valueOf(text.strip()) : null;
    }

    private static String lower(String text, String fallback) {
        return text == null || text.isBlank() ? fallback : text.strip().toLowerCase(Locale.ROOT);
    }

    private static void portRule(Map<String, List<String>> violations, String field, Integer port, int min) {
        if (port == null) {
            violations.put(field, List.of("notNull"));
        } else if (port < min || port > 65535) {
            violations.put(field, List.of("range(" + min + ",65535)"));
        }
    }

    private static void positive(Map<String, List<String>> violations, String field, Integer value, int min) {
        if (value == null) {
            violations.put(field, List.of("notNull"));
        } else if (value < min) {
            violations.put(field, List.of("min(" + min + ")"));
        }
    }

    private static void fail(Map<String, List<String>> violations) {
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
    }
}

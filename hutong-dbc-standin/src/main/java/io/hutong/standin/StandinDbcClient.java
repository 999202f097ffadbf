package io.hutong.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hutong.sr25519.Sr25519;
import io.hutong.sr25519.Ss58;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for a dbc_client 0.4.1.x: the real paths under {@code /api/v1}, POST only, strings
 * only in {@code additional}, {@code {"errcode", "message"}} answers with the client's HTTP
 * statuses, VMs that move through the node's statuses as time passes on the given clock, and
 * sr25519 checks of wallet signatures and session ids. State lives in memory.
 */
public final class StandinDbcClient implements AutoCloseable {

    public static final String VERSION = "0.4.1.2-standin";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern NODE_ID = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9]{20,22}");
    private static final Pattern CUSTOM_PORT = Pattern.compile("(tcp|udp),\\d{1,5}(:\\d{1,5})?");
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Set<String> TASK_OPERATIONS = Set.of("start", "shutdown", "poweroff", "stop", "restart",
            "reset", "delete", "logs", "modify", "passwd");
    private static final Set<String> STABLE = Set.of("none", "closed", "running", "pmsuspend");

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every answer waits
        // out the client's delayed ACK (40 ms). Read once, before the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final Duration createDelay;
    private final Duration transitionDelay;
    private final Duration transferDuration;
    private final Map<String, StandinMachine> machines = new LinkedHashMap<>();
    private final Map<String, List<String>> nodeImages = new LinkedHashMap<>();
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    /** session_id → the renter it stands for, per node. */
    private final Map<String, Map<String, String>> sessions = new LinkedHashMap<>();
    private final Map<String, Transfer> transfers = new LinkedHashMap<>();
    private final Map<String, List<String>> imageCenter = new LinkedHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();

    private StandinDbcClient(Builder builder) throws IOException {
        this.clock = builder.clock;
        this.createDelay = builder.createDelay;
        this.transitionDelay = builder.transitionDelay;
        this.transferDuration = builder.transferDuration;
        for (StandinMachine machine : builder.machines) {
            machines.put(machine.nodeId(), machine);
            nodeImages.put(machine.nodeId(), new ArrayList<>(machine.images()));
        }
        imageCenter.put("standin-images", new ArrayList<>(List.of("ubuntu-22.04.qcow2", "windows-10.qcow2")));
        executor = Executors.newFixedThreadPool(builder.threads);
        server = HttpServer.create(new InetSocketAddress(builder.host, builder.port), 256);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://host:port}; the API is below {@code /api/v1}. */
    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request received so far, in order: what a test checks Hutong really sent. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** A request as it arrived: method, path with query, and the raw body. */
    public record Received(String method, String path, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JacksonException e) {
                return NODES.objectNode();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            URI uri = exchange.getRequestURI();
            received.add(new Received(exchange.getRequestMethod(), uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), body));
            int status = 200;
            ObjectNode answer = NODES.objectNode();
            try {
                Object message = route(exchange.getRequestMethod(), uri.getPath(), query(uri.getRawQuery()), body);
                answer.put("errcode", 0);
                answer.set("message", message instanceof JsonNode node ? node : NODES.stringNode(message.toString()));
            } catch (DbcError error) {
                status = error.httpStatus;
                answer.put("errcode", error.errcode);
                answer.put("message", error.getMessage());
            } catch (RuntimeException error) {
                status = 500;
                answer.put("errcode", -1);
                answer.put("message", "internal error: " + error);
            }
            byte[] bytes = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return query;
    }

    private synchronized Object route(String method, String path, Map<String, String> query, String rawBody) {
        if (!path.equals("/api/v1") && !path.startsWith("/api/v1/")) {
            throw DbcError.unknownUri(path);
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.substring("/api/v1".length()).split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        if (parts.isEmpty() && method.equals("GET")) {
            return NODES.objectNode().put("client_version", VERSION);
        }
        if (!method.equals("POST")) {
            throw DbcError.invalidRequest("only POST is supported, not " + method);
        }
        if (parts.isEmpty()) {
            throw DbcError.unknownUri(path);
        }
        Call call = Call.parse(rawBody, query);
        List<String> rest = parts.subList(1, parts.size());
        return switch (parts.get(0)) {
            case "tasks" -> tasks(call, rest, path);
            case "mining_nodes" -> miningNodes(call, rest, path);
            case "snapshot" -> snapshots(call, rest, path);
            case "images" -> images(call, rest, path);
            case "disk" -> disks(call, rest, path);
            case "rent_orders" -> rentOrders(call, rest, path);
            case "peers" -> peers(rest, path);
            default -> throw DbcError.unknownUri(path);
        };
    }

    /** The parts of a request body every call shares. Values of {@code additional} that are not strings are dropped, as the client does. */
    private record Call(ObjectNode body, Map<String, String> additional, String nodeId, Map<String, String> query) {

        static Call parse(String raw, Map<String, String> query) {
            JsonNode body;
            try {
                body = JSON.readTree(raw);
            } catch (JacksonException e) {
                throw DbcError.invalidRequest("the body is not JSON");
            }
            if (!(body instanceof ObjectNode object) || !object.path("peer_nodes_list").isArray()
                    || !object.path("additional").isObject()) {
                throw DbcError.invalidRequest("peer_nodes_list (array) and additional (object) are required");
            }
            Map<String, String> additional = new LinkedHashMap<>();
            object.path("additional").properties().forEach(e -> {
                if (e.getValue().isString()) {
                    additional.put(e.getKey(), e.getValue().asString());
                }
            });
            JsonNode first = object.path("peer_nodes_list").path(0);
            return new Call(object, additional, first.isString() ? first.asString() : null, query);
        }

        String text(String field) {
            return body.path(field).isString() ? body.path(field).asString() : null;
        }

        String extra(String key) {
            String value = additional.get(key);
            return value == null ? "" : value.strip();
        }
    }

    // ---------------------------------------------------------------- machines

    private StandinMachine machine(Call call) {
        if (call.nodeId() == null || !NODE_ID.matcher(call.nodeId()).matches()) {
            throw DbcError.badParameter("peer_nodes_list[0] must be a node_id of 64 hex characters");
        }
        StandinMachine machine = machines.get(call.nodeId().toLowerCase(Locale.ROOT));
        if (machine == null) {
            throw DbcError.nodeNotDiscovered(call.nodeId());
        }
        return machine;
    }

    /** The machine, reachable, and the caller one of its renters; returns who the caller is. */
    private Renter authorize(Call call, StandinMachine machine, String operation, boolean sessionAllowed) {
        if (machine.unresponsive()) {
            throw DbcError.timeout(operation);
        }
        Renter renter;
        if (call.text("session_id") != null || call.text("session_id_sign") != null) {
            if (!sessionAllowed) {
                throw DbcError.authority("a session_id cannot be used here: sign with the wallet");
            }
            renter = sessionRenter(call, machine);
        } else if (call.text("wallet") != null) {
            String wallet = call.text("wallet");
            if (!signedBy(wallet, call.text("nonce"), call.text("sign"))) {
                throw DbcError.authority("sign is invalid");
            }
            renter = new Renter(wallet);
        } else if (call.body().path("multisig_accounts").isObject()) {
            renter = multisigRenter(call.body().path("multisig_accounts"));
        } else {
            throw DbcError.authority("no authentication: session_id and session_id_sign, wallet, nonce and sign, "
                    + "or multisig_accounts are required");
        }
        if (!machine.renters().contains(renter.id()) && machine.multisigRenters().stream()
                .noneMatch(m -> Renter.multisig(m.wallets(), m.threshold()).equals(renter))) {
            throw DbcError.authority("wallet not rented: " + renter.id());
        }
        if (machine.rentEnd() != null && !clock.instant().isBefore(machine.rentEnd())) {
            throw DbcError.authority("machine has already expired");
        }
        return renter;
    }

    private Renter sessionRenter(Call call, StandinMachine machine) {
        String sessionId = call.text("session_id");
        String renter = sessions.getOrDefault(machine.nodeId(), Map.of()).get(sessionId);
        if (renter == null || renter.startsWith("multisig:") || !signedBy(renter, sessionId, call.text("session_id_sign"))) {
            throw DbcError.authority("session_id is invalid");
        }
        return new Renter(renter);
    }

    private static Renter multisigRenter(JsonNode multisig) {
        List<String> wallets = new ArrayList<>();
        multisig.path("wallets").forEach(w -> wallets.add(w.asString()));
        JsonNode thresholdNode = multisig.path("threshold");
        if (!thresholdNode.isString() || !thresholdNode.asString().matches("\\d+")) {
            throw DbcError.badParameter("multisig_accounts.threshold must be a number in a string");
        }
        int threshold = Integer.parseInt(thresholdNode.asString());
        Set<String> signed = new HashSet<>();
        for (JsonNode sign : multisig.path("signs")) {
            String wallet = sign.path("wallet").asString();
            if (wallets.contains(wallet) && signedBy(wallet, sign.path("nonce").asString(null),
                    sign.path("sign").asString(null))) {
                signed.add(wallet);
            }
        }
        if (threshold < 1 || signed.size() < threshold) {
            throw DbcError.authority("multisig sign is invalid: " + signed.size() + " valid of " + threshold + " needed");
        }
        return Renter.multisig(wallets, threshold);
    }

    private static boolean signedBy(String wallet, String message, String signHex) {
        if (message == null || signHex == null) {
            return false;
        }
        try {
            return Sr25519.verify(Ss58.publicKey(wallet), message, Sr25519.signatureFromHex(signHex));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private record Renter(String id) {
        static Renter multisig(List<String> wallets, int threshold) {
            return new Renter("multisig:" + String.join(",", wallets.stream().sorted().toList()) + "/" + threshold);
        }
    }

    private Object miningNodes(Call call, List<String> rest, String path) {
        if (rest.isEmpty()) {
            if (call.nodeId() == null) {
                ArrayNode list = NODES.arrayNode();
                machines.values().forEach(m -> list.addObject().put("node_id", m.nodeId()).put("name", m.name())
                        .put("version", VERSION));
                return list;
            }
            StandinMachine machine = machine(call);
            if (machine.unresponsive()) {
                throw DbcError.timeout("query node info");
            }
            return machineInfo(machine);
        }
        if (rest.size() > 1) {
            throw DbcError.unknownUri(path);
        }
        StandinMachine machine = machine(call);
        return switch (rest.get(0)) {
            case "session_id" -> {
                Renter renter = authorize(call, machine, "query session_id", false);
                String session = sessions.computeIfAbsent(machine.nodeId(), k -> new LinkedHashMap<>()).entrySet()
                        .stream().filter(e -> e.getValue().equals(renter.id())).map(Map.Entry::getKey).findFirst()
                        .orElseGet(() -> {
                            String id = randomId(32);
                            sessions.get(machine.nodeId()).put(id, renter.id());
                            return id;
                        });
                yield NODES.objectNode().put("session_id", session);
            }
            case "free_memory" -> {
                authorize(call, machine, "query free memory", true);
                yield NODES.objectNode().put("free_memory", (machine.memGb() - usedMemory(machine)) + "G");
            }
            default -> throw DbcError.unknownUri(path);
        };
    }

    private ObjectNode machineInfo(StandinMachine machine) {
        ObjectNode info = NODES.objectNode();
        info.put("version", VERSION).put("node_type", "gpu").put("ip", "127.***.***.1").put("os", "Ubuntu 20.04.6 LTS");
        info.putObject("cpu").put("type", "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz").put("hz", "3000")
                .put("cores", Integer.toString(machine.cpuCores())).put("used_usage", "3.0%")
                .put("physical_cpus", "2");
        info.putObject("gpu").put("gpu_count", Integer.toString(machine.gpuCount()))
                .put("gpu_used", Integer.toString(usedGpus(machine)));
        info.putObject("mem").put("size", machine.memGb() + "G")
                .put("free", (machine.memGb() - usedMemory(machine)) + "G").put("used_usage", "10.0%");
        info.putObject("disk_system").put("type", "SSD").put("size", "350G");
        info.putArray("disk_data").addObject().put("path", "/data").put("type", "SSD")
                .put("size", machine.diskGb() + "G").put("free", machine.diskGb() + "G").put("used_usage", "0%");
        ArrayNode images = info.putArray("images");
        nodeImages.get(machine.nodeId()).forEach(i -> images.addObject().put("image_name", i).put("image_size", "12G"));
        return info;
    }

    private int usedGpus(StandinMachine machine) {
        return live(machine).stream().mapToInt(t -> t.gpuCount).sum();
    }

    private int usedMemory(StandinMachine machine) {
        return live(machine).stream().mapToInt(t -> t.memGb).sum();
    }

    private List<Task> live(StandinMachine machine) {
        settleAll();
        return tasks.values().stream().filter(t -> t.nodeId.equals(machine.nodeId())).toList();
    }

    private Object rentOrders(Call call, List<String> rest, String path) {
        if (rest.size() > 1) {
            throw DbcError.unknownUri(path);
        }
        StandinMachine machine = machine(call);
        ArrayNode orders = NODES.arrayNode();
        int id = 1;
        List<String> renters = new ArrayList<>(machine.renters());
        machine.multisigRenters().forEach(m -> renters.add(Renter.multisig(m.wallets(), m.threshold()).id()));
        for (String renter : renters) {
            String orderId = Integer.toString(id++);
            if (!rest.isEmpty() && !rest.get(0).equals(orderId)) {
                continue;
            }
            ObjectNode order = orders.addObject().put("id", orderId).put("renter", renter)
                    .put("rent_end", machine.rentEnd() == null ? "" : format(machine.rentEnd()))
                    .put("rent_status", machine.rentEnd() != null && !clock.instant().isBefore(machine.rentEnd())
                            ? "expired" : "renting")
                    .put("gpu_nums", Integer.toString(machine.gpuCount()));
            ArrayNode index = order.putArray("gpu_index");
            for (int g = 0; g < machine.gpuCount(); g++) {
                index.add(Integer.toString(g));
            }
        }
        return NODES.objectNode().set("rent_orders", orders);
    }

    private Object peers(List<String> rest, String path) {
        if (rest.size() != 1 || !Set.of("active", "global", "lan").contains(rest.get(0))) {
            throw DbcError.unknownUri(path);
        }
        ArrayNode peers = NODES.arrayNode();
        machines.keySet().forEach(id -> peers.addObject().put("node_id", id).put("addr", "127.0.0.1:5001"));
        return peers;
    }

    // ---------------------------------------------------------------- tasks

    private final class Task {
        final String id;
        final String nodeId;
        final Renter owner;
        final String desc;
        final boolean windows;
        final String image;
        final String rentOrder;
        final Instant createdAt;
        final String password = randomId(12);
        final String vncPassword = randomId(8);
        final List<String> customPorts;
        final List<Snapshot> snapshots = new ArrayList<>();
        final List<String[]> disks = new ArrayList<>();
        Integer sshPort;
        Integer rdpPort;
        int vncPort;
        int gpuCount;
        int cpuCores;
        int memGb;
        String status = "creating";
        String target;
        Instant until;

        Task(String id, String nodeId, Renter owner, String desc, boolean windows, String image, String rentOrder,
                List<String> customPorts) {
            this.id = id;
            this.nodeId = nodeId;
            this.owner = owner;
            this.desc = desc;
            this.windows = windows;
            this.image = image;
            this.rentOrder = rentOrder;
            this.customPorts = customPorts;
            this.createdAt = clock.instant();
        }

        void begin(String during, String after, Duration delay) {
            status = during;
            target = after;
            until = clock.instant().plus(delay);
        }

        /** Applies a transition whose time has come; false when the task is gone. */
        boolean settle() {
            if (target != null && !clock.instant().isBefore(until)) {
                status = target;
                target = null;
                if (status.equals("deleted")) {
                    return false;
                }
                snapshots.forEach(s -> s.status = "created");
            }
            return true;
        }

        Set<Integer> ports() {
            Set<Integer> ports = new HashSet<>();
            if (sshPort != null) {
                ports.add(sshPort);
            }
            if (rdpPort != null) {
                ports.add(rdpPort);
            }
            ports.add(vncPort);
            customPorts.forEach(p -> ports.add(Integer.parseInt(p.split(",")[1].split(":")[0])));
            return ports;
        }
    }

    private static final class Snapshot {
        final String name;
        final String description;
        final String file;
        final String createdAt;
        String status = "creating";

        Snapshot(String name, String description, String file, String createdAt) {
            this.name = name;
            this.description = description;
            this.file = file;
            this.createdAt = createdAt;
        }
    }

    private void settleAll() {
        tasks.values().removeIf(t -> !t.settle());
    }

    private Object tasks(Call call, List<String> rest, String path) {
        StandinMachine machine = machine(call);
        if (rest.isEmpty()) {
            authorize(call, machine, "list tasks", true);
            ArrayNode list = NODES.arrayNode();
            live(machine).forEach(t -> list.add(summary(t)));
            return list;
        }
        if (rest.size() == 1) {
            if (rest.get(0).equals("start")) {
                return create(call, machine, authorize(call, machine, "create task", true));
            }
            authorize(call, machine, "query task", true);
            return details(task(machine, rest.get(0)));
        }
        if (rest.size() > 2) {
            throw DbcError.unknownUri(path);
        }
        String operation = rest.get(0);
        if (!TASK_OPERATIONS.contains(operation)) {
            throw DbcError.unknownTwoPartPath(path);
        }
        authorize(call, machine, operation + " task", true);
        Task task = task(machine, rest.get(1));
        return switch (operation) {
            case "start" -> transition(task, Set.of("closed", "pmsuspend"), "starting", "running");
            case "shutdown" -> transition(task, Set.of("running"), "being shutdown", "closed");
            case "poweroff", "stop" -> transition(task, Set.of("running", "pmsuspend"), "being poweroff", "closed");
            case "restart" -> transition(task, Set.of("running"), "restarting", "running");
            case "reset" -> transition(task, Set.of("running"), "resetting", "running");
            case "delete" -> {
                if (!STABLE.contains(task.status) && !task.status.endsWith("error")) {
                    throw DbcError.operation("task is " + task.status + ", try again later");
                }
                task.begin("deleting", "deleted", transitionDelay);
                yield "ok";
            }
            case "logs" -> logs(task, call.query());
            case "modify" -> modify(call, machine, task);
            case "passwd" -> passwd(call, task);
            default -> throw DbcError.unknownTwoPartPath(path);
        };
    }

    private Task task(StandinMachine machine, String taskId) {
        settleAll();
        Task task = tasks.get(taskId);
        if (task == null || !task.nodeId.equals(machine.nodeId())) {
            throw DbcError.operation("task not exist");
        }
        return task;
    }

    private String transition(Task task, Set<String> from, String during, String after) {
        if (!from.contains(task.status)) {
            throw DbcError.operation("task is " + task.status + ": cannot go " + during.replace("being ", ""));
        }
        task.begin(during, after, transitionDelay);
        return "ok";
    }

    private ObjectNode create(Call call, StandinMachine machine, Renter renter) {
        String image = call.extra("image_name");
        if (!image.endsWith(".qcow2") || !nodeImages.get(machine.nodeId()).contains(image)) {
            throw DbcError.operation("image_name is invalid: " + (image.isEmpty() ? "missing" : image
                    + " is not a qcow2 image on the machine"));
        }
        if (transfers.values().stream().anyMatch(t -> t.nodeId.equals(machine.nodeId()) && t.filename.equals(image)
                && t.progress() < 100 && !t.stopped)) {
            throw DbcError.operation("image " + image + " is being transferred");
        }
        String os = call.extra("operation_system").toLowerCase(Locale.ROOT);
        boolean windows = os.startsWith("win");
        if (!os.isEmpty() && !windows && !os.equals("linux") && !os.equals("ubuntu")) {
            throw DbcError.operation("operation_system is invalid");
        }
        String bios = call.extra("bios_mode");
        if (!bios.isEmpty() && !Set.of("legacy", "uefi", "pxe").contains(bios)) {
            throw DbcError.operation("bios_mode is invalid");
        }
        String model = call.extra("interface_model_type");
        if (!model.isEmpty() && !Set.of("virtio", "e1000", "rtl8139").contains(model)) {
            throw DbcError.operation("interface_model_type is invalid");
        }
        Integer ssh = windows ? null : port(call, "ssh_port", 1);
        Integer rdp = windows ? port(call, "rdp_port", 1) : null;
        int vnc = port(call, "vnc_port", 5900);
        int gpus = number(call, "gpu_count", 0);
        int cpus = number(call, "cpu_cores", 1);
        int mem = number(call, "mem_size", 1);
        number(call, "disk_size", 1);
        List<String> custom = new ArrayList<>();
        for (String port : call.extra("custom_port").split(";")) {
            if (!port.isBlank()) {
                if (!CUSTOM_PORT.matcher(port.strip()).matches()) {
                    throw DbcError.operation("custom_port is invalid: " + port);
                }
                custom.add(port.strip());
            }
        }
        String taskId = call.extra("task_id");
        if (taskId.isEmpty()) {
            taskId = randomId(22);
        } else if (!TASK_ID.matcher(taskId).matches() || tasks.containsKey(taskId)) {
            throw DbcError.operation("task_id is invalid");
        }
        if (gpus > machine.gpuCount() - usedGpus(machine)) {
            throw DbcError.operation("gpu_count is invalid: " + (machine.gpuCount() - usedGpus(machine))
                    + " GPUs are free");
        }
        String rentOrder = call.text("rent_order") == null ? "" : call.text("rent_order");
        Task task = new Task(taskId, machine.nodeId(), renter, call.extra("desc"), windows, image, rentOrder, custom);
        task.sshPort = ssh;
        task.rdpPort = rdp;
        task.vncPort = vnc;
        task.gpuCount = gpus;
        task.cpuCores = cpus;
        task.memGb = mem;
        checkPorts(machine, task, task.ports());
        task.disks.add(new String[] {"vda", "350G", "/data/" + taskId + ".qcow2"});
        task.begin("creating", machine.brokenImages().contains(image) ? "create error" : "running", createDelay);
        tasks.put(taskId, task);
        return summary(task);
    }

    private void checkPorts(StandinMachine machine, Task task, Set<Integer> ports) {
        for (Task other : live(machine)) {
            if (other != task) {
                Set<Integer> clash = new HashSet<>(other.ports());
                clash.retainAll(ports);
                if (!clash.isEmpty()) {
                    throw DbcError.operation("port conflict: " + clash.iterator().next() + " is used by another task");
                }
            }
        }
    }

    private static int port(Call call, String key, int min) {
        String value = call.extra(key);
        if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < min || Integer.parseInt(value) > 65535) {
            throw DbcError.operation(key + " is invalid");
        }
        return Integer.parseInt(value);
    }

    private static int number(Call call, String key, int min) {
        String value = call.extra(key);
        if (!value.matches("\\d{1,9}") || Integer.parseInt(value) < min) {
            throw DbcError.operation(key + " is invalid");
        }
        return Integer.parseInt(value);
    }

    private ObjectNode summary(Task task) {
        return NODES.objectNode().put("task_id", task.id).put("create_time", format(task.createdAt))
                .put("desc", task.desc).put("status", task.status);
    }

    private ObjectNode details(Task task) {
        ObjectNode details = NODES.objectNode();
        details.put("task_id", task.id).put("os", task.windows ? "windows" : "linux").put("ssh_ip", "127.0.0.1");
        if (task.windows) {
            details.put("rdp_port", Integer.toString(task.rdpPort));
        } else {
            details.put("ssh_port", Integer.toString(task.sshPort));
        }
        details.put("user_name", task.windows ? "Administrator" : "dbc").put("login_password", task.password)
                .put("cpu_cores", task.cpuCores).put("gpu_count", task.gpuCount).put("mem_size", task.memGb + "G")
                .put("disk_system", "350G").put("vnc_port", Integer.toString(task.vncPort))
                .put("vnc_password", task.vncPassword).put("network_name", "").put("create_time", format(task.createdAt))
                .put("desc", task.desc).put("status", task.status).put("rent_order", task.rentOrder);
        details.putArray("local_address").add("192.168.122.10");
        ArrayNode disks = details.putArray("disks");
        task.disks.forEach(d -> disks.addObject().put("name", d[0]).put("size", d[1]).put("source_file", d[2]));
        details.putArray("interface").addObject().put("name", "vnet0").put("type", "bridge")
                .put("mac_address", "52:54:00:12:34:56");
        return details;
    }

    private String logs(Task task, Map<String, String> query) {
        String flag = query.getOrDefault("flag", "tail");
        if (!flag.equals("tail") && !flag.equals("head")) {
            throw DbcError.badParameter("flag must be tail or head");
        }
        String lines = query.getOrDefault("line_num", "100");
        if (!lines.matches("\\d{1,4}")) {
            throw DbcError.badParameter("line_num is invalid");
        }
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= Integer.parseInt(lines) && log.length() < 1000; i++) {
            log.append(flag).append(' ').append(i).append(": ").append(task.id).append(' ').append(task.status)
                    .append('\n');
        }
        return log.length() > 1024 ? log.substring(0, 1024) : log.toString();
    }

    private String modify(Call call, StandinMachine machine, Task task) {
        if (!task.status.equals("closed")) {
            throw DbcError.operation("task is " + task.status + ": shut it down before modifying it");
        }
        Set<Integer> ports = new HashSet<>();
        for (String key : List.of("new_ssh_port", "new_vnc_port", "new_rdp_port")) {
            if (!call.extra(key).isEmpty()) {
                ports.add(port(call, key, key.equals("new_vnc_port") ? 5900 : 1));
            }
        }
        checkPorts(machine, task, ports);
        if (!call.extra("new_ssh_port").isEmpty() && !task.windows) {
            task.sshPort = Integer.parseInt(call.extra("new_ssh_port"));
        }
        if (!call.extra("new_rdp_port").isEmpty() && task.windows) {
            task.rdpPort = Integer.parseInt(call.extra("new_rdp_port"));
        }
        if (!call.extra("new_vnc_port").isEmpty()) {
            task.vncPort = Integer.parseInt(call.extra("new_vnc_port"));
        }
        if (!call.extra("new_gpu_count").isEmpty()) {
            int gpus = number(call, "new_gpu_count", 0);
            if (gpus - task.gpuCount > machine.gpuCount() - usedGpus(machine)) {
                throw DbcError.operation("new_gpu_count is invalid: not enough free GPUs");
            }
            task.gpuCount = gpus;
        }
        if (!call.extra("new_cpu_cores").isEmpty()) {
            task.cpuCores = number(call, "new_cpu_cores", 1);
        }
        if (!call.extra("new_mem_size").isEmpty()) {
            task.memGb = number(call, "new_mem_size", 1);
        }
        return "ok";
    }

    private String passwd(Call call, Task task) {
        if (!task.status.equals("running")) {
            throw DbcError.operation("task is " + task.status + ": the password is set in a running VM");
        }
        if (call.extra("username").isEmpty() || call.extra("password").isEmpty()) {
            throw DbcError.operation("username and password are required");
        }
        return "ok";
    }

    // ---------------------------------------------------------------- snapshots and disks

    private Object snapshots(Call call, List<String> rest, String path) {
        StandinMachine machine = machine(call);
        if (rest.size() < 2 || rest.size() > 3) {
            throw DbcError.unknownUri(path);
        }
        String operation = rest.get(0);
        if (!Set.of("list", "create", "delete").contains(operation)) {
            throw DbcError.unknownTwoPartPath(path);
        }
        authorize(call, machine, operation + " snapshot", true);
        Task task = task(machine, rest.get(1));
        String name = rest.size() == 3 ? rest.get(2) : null;
        switch (operation) {
            case "list" -> {
                ArrayNode list = NODES.arrayNode();
                for (Snapshot s : task.snapshots) {
                    if (name == null || name.equals(s.name)) {
                        list.addObject().put("snapshot_name", s.name).put("description", s.description)
                                .put("snapshot_file", s.file).put("create_time", s.createdAt).put("status", s.status);
                    }
                }
                if (name != null && list.isEmpty()) {
                    throw DbcError.operation("snapshot not exist");
                }
                return list;
            }
            case "create" -> {
                if (name != null) {
                    throw DbcError.unknownUri(path);
                }
                String snapshot = call.extra("snapshot_name");
                if (!snapshot.matches("[A-Za-z0-9_.-]{1,64}")) {
                    throw DbcError.operation("snapshot_name is invalid");
                }
                if (!task.status.equals("closed")) {
                    throw DbcError.operation("task is " + task.status + ": snapshots are taken of a powered-off VM");
                }
                if (task.snapshots.stream().anyMatch(s -> s.name.equals(snapshot))) {
                    throw DbcError.operation("snapshot " + snapshot + " already exists");
                }
                task.snapshots.add(new Snapshot(snapshot, call.extra("desc"), "/data/" + snapshot + ".qcow2",
                        format(clock.instant())));
                task.begin("snapshot creating", "closed", transitionDelay);
                return "ok";
            }
            default -> {
                if (name == null || !task.snapshots.removeIf(s -> s.name.equals(name))) {
                    throw DbcError.operation("snapshot not exist");
                }
                return "ok";
            }
        }
    }

    private Object disks(Call call, List<String> rest, String path) {
        StandinMachine machine = machine(call);
        if (rest.size() != 2) {
            throw DbcError.unknownUri(path);
        }
        String operation = rest.get(0);
        if (!Set.of("list", "resize", "add", "delete").contains(operation)) {
            throw DbcError.unknownTwoPartPath(path);
        }
        authorize(call, machine, operation + " disk", true);
        Task task = task(machine, rest.get(1));
        if (operation.equals("list")) {
            ArrayNode disks = NODES.arrayNode();
            task.disks.forEach(d -> disks.addObject().put("name", d[0]).put("size", d[1]).put("source_file", d[2]));
            return disks;
        }
        if (!task.status.equals("closed")) {
            throw DbcError.operation("task is " + task.status + ": disks change on a powered-off VM");
        }
        switch (operation) {
            case "resize" -> {
                String[] disk = disk(task, call.extra("disk"));
                disk[1] = number(call, "size", 1) + "G";
                task.begin("disk resizing", "closed", transitionDelay);
            }
            case "add" -> {
                int size = number(call, "size", 1);
                String name = "vd" + (char) ('a' + task.disks.size());
                task.disks.add(new String[] {name, size + "G", "/data/" + task.id + "_" + name + ".qcow2"});
                task.begin("disk adding", "closed", transitionDelay);
            }
            default -> {
                String[] disk = disk(task, call.extra("disk"));
                if (disk[0].equals("vda")) {
                    throw DbcError.operation("the system disk cannot be deleted");
                }
                task.disks.remove(disk);
                task.begin("disk deleting", "closed", transitionDelay);
            }
        }
        return "ok";
    }

    private static String[] disk(Task task, String name) {
        return task.disks.stream().filter(d -> d[0].equals(name)).findFirst()
                .orElseThrow(() -> DbcError.operation("disk is invalid: " + (name.isEmpty() ? "missing" : name)));
    }

    // ---------------------------------------------------------------- images

    private final class Transfer {
        final String nodeId;
        final String filename;
        final String server;
        final boolean upload;
        final Instant startedAt = clock.instant();
        boolean stopped;

        Transfer(String nodeId, String filename, String server, boolean upload) {
            this.nodeId = nodeId;
            this.filename = filename;
            this.server = server;
            this.upload = upload;
        }

        int progress() {
            long total = Math.max(1, transferDuration.toMillis());
            long done = Duration.between(startedAt, clock.instant()).toMillis();
            return (int) Math.min(100, Math.max(0, done * 100 / total));
        }
    }

    private Object images(Call call, List<String> rest, String path) {
        if (rest.size() > 1) {
            throw DbcError.unknownUri(path);
        }
        String operation = rest.isEmpty() ? "list" : rest.get(0);
        switch (operation) {
            case "list" -> {
                List<String> images = imageCenter.get(server(call));
                ArrayNode list = NODES.arrayNode();
                images.forEach(i -> list.addObject().put("image_name", i).put("image_size", "12G"));
                return list;
            }
            case "servers" -> {
                ArrayNode list = NODES.arrayNode();
                imageCenter.keySet().forEach(s -> list.addObject().put("image_server", s).put("ip", "127.0.0.1"));
                return list;
            }
            default -> { }
        }
        StandinMachine machine = machine(call);
        authorize(call, machine, operation.replace('_', ' ') + " image", true);
        String filename = call.extra("image_filename");
        if (filename.isEmpty()) {
            throw DbcError.operation("image_filename is invalid");
        }
        List<String> onNode = nodeImages.get(machine.nodeId());
        switch (operation) {
            case "download", "upload" -> {
                boolean upload = operation.equals("upload");
                String server = server(call);
                if (upload ? !onNode.contains(filename) : !imageCenter.get(server).contains(filename)) {
                    throw DbcError.operation("image " + filename + " not exist");
                }
                Transfer transfer = new Transfer(machine.nodeId(), filename, server, upload);
                transfers.put(key(machine, filename, upload), transfer);
                if (!upload) {
                    onNode.add(filename);
                }
                return "ok";
            }
            case "downloadprogress", "uploadprogress" -> {
                Transfer transfer = transfer(machine, filename, operation.startsWith("upload"));
                int progress = transfer.progress();
                if (progress == 100 && transfer.upload && !transfer.stopped) {
                    List<String> center = imageCenter.get(transfer.server);
                    if (!center.contains(filename)) {
                        center.add(filename);
                    }
                }
                return NODES.objectNode().put("image_filename", filename).put("progress", progress + "%")
                        .put("status", transfer.stopped ? "stopped" : progress == 100 ? "done" : "transferring");
            }
            case "download_stop", "upload_stop" -> {
                Transfer transfer = transfer(machine, filename, operation.startsWith("upload"));
                if (transfer.progress() < 100) {
                    transfer.stopped = true;
                    if (!transfer.upload) {
                        onNode.remove(filename);
                    }
                }
                return "ok";
            }
            case "delete" -> {
                if (!onNode.contains(filename)) {
                    throw DbcError.operation("image " + filename + " not exist");
                }
                if (live(machine).stream().anyMatch(t -> t.image.equals(filename))) {
                    throw DbcError.operation("image " + filename + " is used by a task");
                }
                onNode.remove(filename);
                return "ok";
            }
            default -> throw DbcError.unknownUri(path);
        }
    }

    private String server(Call call) {
        String server = call.extra("image_server");
        if (server.isEmpty()) {
            return imageCenter.keySet().iterator().next();
        }
        if (!imageCenter.containsKey(server)) {
            throw DbcError.operation("image_server is invalid");
        }
        return server;
    }

    private Transfer transfer(StandinMachine machine, String filename, boolean upload) {
        Transfer transfer = transfers.get(key(machine, filename, upload));
        if (transfer == null) {
            throw DbcError.operation("no " + (upload ? "upload" : "download") + " of " + filename);
        }
        return transfer;
    }

    private static String key(StandinMachine machine, String filename, boolean upload) {
        return machine.nodeId() + "/" + (upload ? "up/" : "down/") + filename;
    }

    // ---------------------------------------------------------------- helpers

    private String format(Instant instant) {
        return TIME.format(instant.atZone(clock.getZone()));
    }

    private String randomId(int length) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    /** How a stand-in is set up; {@link #start()} binds the port and serves. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private int threads = 16;
        private Clock clock = Clock.systemDefaultZone();
        private Duration createDelay = Duration.ofSeconds(30);
        private Duration transitionDelay = Duration.ofSeconds(5);
        private Duration transferDuration = Duration.ofSeconds(60);
        private final List<StandinMachine> machines = new ArrayList<>();

        private Builder() {
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        /** 0 (the default) takes a free port. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        /** The clock VM transitions and rent ends are read from; tests pass one they move. */
        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** How long a new VM stays {@code creating}. */
        public Builder createDelay(Duration value) {
            createDelay = value;
            return this;
        }

        /** How long starting, shutting down, restarting, deleting, snapshots and disk changes take. */
        public Builder transitionDelay(Duration value) {
            transitionDelay = value;
            return this;
        }

        /** How long an image download or upload takes. */
        public Builder transferDuration(Duration value) {
            transferDuration = value;
            return this;
        }

        public Builder machine(StandinMachine value) {
            machines.add(value);
            return this;
        }

        public Builder machines(List<StandinMachine> values) {
            machines.addAll(values);
            return this;
        }

        public StandinDbcClient start() {
            try {
                return new StandinDbcClient(this);
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on " + host + ":" + port, e);
            }
        }
    }
}

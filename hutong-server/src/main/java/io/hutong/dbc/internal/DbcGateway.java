package io.hutong.dbc.internal;

import io.hutong.account.CurrentUser;
import io.hutong.dbc.internal.DbcConnector.Raw;
import io.hutong.dbc.internal.DbcStore.AccountRow;
import io.hutong.dbc.internal.DbcStore.ClientRow;
import io.hutong.dbc.internal.DbcStore.VmRow;
import io.hutong.web.ApiException;
import io.hutong.web.EnvelopeFamily;
import io.hutong.web.RequestJson;
import io.hutong.web.TraceIds;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the dbc_client API for tooling written against it: routes each request by
 * {@code peer_nodes_list[0]} to a registered dbc_client that knows the machine, adds the
 * account's authentication unless the caller brought its own, relays the answer as it is and
 * records every call for audit. Paths of the older seed document are translated to the real ones.
 */
@Service
public class DbcGateway {

    private static final Logger log = LoggerFactory.getLogger(DbcGateway.class);
    private static final Set<String> FOLLOWED = Set.of("start", "shutdown", "poweroff", "stop", "restart", "reset",
            "delete");

    private final DbcStore store;
    private final DbcAccounts accounts;
    private final MachineService machines;
    private final VmService vms;
    private final DbcConnector connector;
    private final JsonMapper json;
    private final RequestJson requestJson;
    private final Clock clock;
    private final GatewayAudit audit;

    DbcGateway(DbcStore store, DbcAccounts accounts, MachineService machines, VmService vms, DbcConnector connector,
            JsonMapper json, RequestJson requestJson, Clock clock, GatewayAudit audit) {
        this.audit = audit;
        this.store = store;
        this.accounts = accounts;
        this.machines = machines;
        this.vms = vms;
        this.connector = connector;
        this.json = json;
        this.requestJson = requestJson;
        this.clock = clock;
    }

    /** An answer to relay: HTTP status and dbc_client's JSON. */
    public record Answer(int status, byte[] body) {
    }

    /**
     * @param path below {@code /api/v1}, starting with {@code /}
     * @param clientId the {@code dbc-client} header: use this client; null: the first that knows the machine
     * @param accountId the {@code dbc-account} header: act as this account; null: the user's own before the node's
     */
    public Answer relay(CurrentUser user, String path, String query, byte[] body, Long clientId, Long accountId) {
        long started = System.nanoTime();
        Route route = new Route();
        Answer answer;
        try {
            answer = route(user, path, query, body, clientId, accountId, route);
        } catch (DbcFailure failure) {
            answer = error(failure.toApi().kind().status().value(), -1, failure.getMessage());
        } catch (ApiException e) {
            answer = new Answer(e.kind().status().value(), json.writeValueAsBytes(EnvelopeFamily.DBC.error(e.kind(),
                    e.getMessage(), e.violations(), TraceIds.current())));
        }
        int millis = (int) ((System.nanoTime() - started) / 1_000_000);
        Integer errcode = errcode(answer.body());
        audit.record(new DbcStore.GatewayCall(0, user.id(), path, route.nodeId,
                route.client == null ? null : route.client.id(), route.account == null ? null : route.account.id(),
                answer.status(), errcode, millis, clock.instant()));
        // every call is in the audit table; a log line per call costs a seventh of the relay's time
        log.debug("gateway {} {} by user {} -> client {} account {}: HTTP {} errcode {} in {} ms", path,
                route.nodeId == null ? "" : route.nodeId, user.id(), route.client == null ? "-" : route.client.name(),
                route.account == null ? "-" : route.account.id(), answer.status(), errcode, millis);
        return answer;
    }

    /** Where a call went, for the audit row. */
    private static final class Route {
        String nodeId;
        ClientRow client;
        AccountRow account;
    }

    private Answer route(CurrentUser user, String rawPath, String query, byte[] rawBody, Long clientId,
            Long accountId, Route route) {
        ObjectNode body;
        try {
            JsonNode parsed = requestJson.readTree(rawBody == null ? new byte[0] : rawBody);
            if (!(parsed instanceof ObjectNode object) || !object.path("peer_nodes_list").isArray()
                    || !object.path("additional").isObject()) {
                return error(400, -32600, "peer_nodes_list (array) and additional (object) are required");
            }
            body = object;
        } catch (JacksonException e) {
            return error(400, -32600, "the body is not JSON");
        }
        String path = translate(rawPath, body);
        List<String> parts = List.of(path.substring(1).split("/"));
        JsonNode first = body.path("peer_nodes_list").path(0);
        route.nodeId = first.isString() ? first.asString().toLowerCase(java.util.Locale.ROOT) : null;

        // the common case in one indexed query: a machine the cache already places on a client of the user
        Optional<ClientRow> cached = route.nodeId == null ? Optional.empty()
                : store.clientKnowing(user.id(), route.nodeId, clientId);
        if (cached.isPresent()) {
            route.client = cached.get();
        } else {
            List<ClientRow> clients = new ArrayList<>(store.clients(user.id()));
            clients.sort(Comparator.comparing(ClientRow::shared));
            if (clientId != null) {
                clients.removeIf(c -> c.id() != clientId);
            }
            if (clients.isEmpty()) {
                return error(400, -25, clientId == null ? "no dbc_client is registered for you or for this node"
                        : "no dbc_client " + clientId + " of yours or of this node");
            }
            if (route.nodeId == null && path.equals("/mining_nodes")) {
                return allNodes(clients);
            }
            if (route.nodeId != null) {
                Optional<ClientRow> knowing = machines.clientKnowing(clients, route.nodeId);
                if (knowing.isEmpty()) {
                    return error(400, -32701, "node not discovered: none of your dbc_clients knows " + route.nodeId);
                }
                route.client = knowing.get();
            } else {
                route.client = clients.get(0);
            }
        }
        if (accountId != null) {
            route.account = accounts.usableAccount(user.id(), accountId);
            if (route.account.clientId() != route.client.id()) {
                return error(400, -25, "DBC account " + accountId + " is not on dbc_client " + route.client.id()
                        + ", which serves machine " + route.nodeId);
            }
        } else {
            route.account = accounts.accountOn(user.id(), route.client.id()).orElse(null);
        }
        if (path.equals("/tasks/start")) {
            Answer refused = checkCreate((ObjectNode) body.path("additional"));
            if (refused != null) {
                return refused;
            }
        }
        boolean ownAuth = body.has("session_id") || body.has("wallet") || body.has("multisig_accounts");
        if (ownAuth) {
            route.account = null;
        } else if (route.account != null) {
            accounts.auth(route.account).addTo(body);
        }
        boolean guarded = route.account != null && route.account.shared() && !user.admin();
        String taskId = taskId(parts);
        Optional<VmRow> vm = taskId == null || route.nodeId == null ? Optional.empty()
                : store.vm(route.nodeId, taskId);
        if (guarded && taskId != null && vm.filter(v -> v.userId() == user.id()).isEmpty()) {
            return error(200, -3, "task " + taskId + " was not created by you through Hutong");
        }

        Raw raw = connector.post(route.client.url(), path + (query == null ? "" : "?" + query),
                json.writeValueAsBytes(body));
        JsonNode answer = parse(raw.body());
        if (answer == null || answer.path("errcode").asInt(-1) != 0) {
            return new Answer(raw.status(), raw.body());
        }
        if (guarded && path.equals("/tasks") && answer.path("message").isArray()) {
            return new Answer(raw.status(), json.writeValueAsBytes(ownTasks(user.id(), route.nodeId,
                    (ObjectNode) answer)));
        }
        afterSuccess(user, route, parts, body, answer, vm);
        return new Answer(raw.status(), raw.body());
    }

    /**
     * The node echoes {@code desc} unescaped into later answers, so an unsafe one is refused here;
     * numbers, which the client would silently drop, are sent as the strings it expects.
     */
    private Answer checkCreate(ObjectNode additional) {
        for (var entry : List.copyOf(additional.properties())) {
            if (entry.getValue().isNumber() || entry.getValue().isBoolean()) {
                additional.put(entry.getKey(), entry.getValue().asString());
            }
        }
        if (!VmService.safeDesc(additional.path("desc").asString(""))) {
            return error(400, -25, "desc is invalid: at most 128 letters, digits, spaces and _.,:;@()[]/+=#-");
        }
        return null;
    }

    /** VMs created or operated through the gateway are recorded and followed like those of Hutong's own API. */
    private void afterSuccess(CurrentUser user, Route route, List<String> parts, ObjectNode body, JsonNode answer,
            Optional<VmRow> vm) {
        if (parts.get(0).equals("tasks") && parts.size() == 2 && parts.get(1).equals("start")) {
            if (route.account != null) {
                recordCreated(user, route, body, answer.path("message"));
            }
        } else if (parts.get(0).equals("tasks") && parts.size() == 3 && FOLLOWED.contains(parts.get(1))
                && vm.isPresent()) {
            String operation = parts.get(1).equals("stop") ? "poweroff" : parts.get(1);
            String target = switch (operation) {
                case "start", "restart", "reset" -> "running";
                case "delete" -> VmService.DELETED;
                default -> "closed";
            };
            vms.follow(vm.get(), operation, target, operation + " requested through the gateway");
        } else if (parts.get(0).equals("snapshot") && parts.size() == 3 && parts.get(1).equals("create")
                && vm.isPresent()) {
            vms.follow(vm.get(), "snapshot", "closed", "snapshot requested through the gateway");
        }
    }

    private void recordCreated(CurrentUser user, Route route, ObjectNode body, JsonNode task) {
        JsonNode extra = body.path("additional");
        boolean windows = extra.path("operation_system").asString("").toLowerCase(java.util.Locale.ROOT)
                .startsWith("win");
        Instant now = clock.instant();
        var poll = vms.pollSettings();
        VmRow row = new VmRow(0, user.id(), route.client.id(), route.account.id(), route.nodeId,
                task.path("task_id").asString(), task.path("desc").asString(""), windows ? "windows" : "linux",
                extra.path("image_name").asString(""), windows ? null : number(extra, "ssh_port"),
                windows ? number(extra, "rdp_port") : null, orZero(number(extra, "vnc_port")),
                orZero(number(extra, "gpu_count")), orZero(number(extra, "cpu_cores")),
                orZero(number(extra, "mem_size")), orZero(number(extra, "disk_size")),
                body.path("rent_order").asString(null), task.path("status").asString("creating"), now, "create",
                "running", now.plus(poll.initial()), 0, now.plus(poll.giveUp()), null, now);
        vms.record(row, "created through the gateway");
    }

    private ObjectNode ownTasks(long userId, String nodeId, ObjectNode answer) {
        ArrayNode own = json.createArrayNode();
        for (JsonNode task : answer.path("message")) {
            if (store.vm(nodeId, task.path("task_id").asString("")).filter(v -> v.userId() == userId).isPresent()) {
                own.add(task);
            }
        }
        answer.set("message", own);
        return answer;
    }

    private Answer allNodes(List<ClientRow> clients) {
        ArrayNode nodes = json.createArrayNode();
        for (ClientRow client : clients) {
            for (DbcWire.NodeEntry node : connector.nodes(client.url())) {
                nodes.add(json.valueToTree(node));
            }
        }
        ObjectNode answer = json.createObjectNode().put("errcode", 0);
        answer.set("message", nodes);
        return new Answer(200, json.writeValueAsBytes(answer));
    }

    /**
     * The seed document's paths in the real client's form: {@code /snapshot/<task>},
     * {@code /snapshot/<task>/<name>}, {@code /snapshot/<task>/create}, and image names in the
     * path of {@code /images/upload/<name>} and {@code /images/download/<name>}.
     */
    static String translate(String path, ObjectNode body) {
        List<String> parts = List.of(path.substring(1).split("/"));
        Set<String> realSnapshot = Set.of("list", "create", "delete");
        ObjectNode additional = (ObjectNode) body.path("additional");
        if (parts.get(0).equals("snapshot") && parts.size() >= 2 && !realSnapshot.contains(parts.get(1))) {
            if (parts.size() == 2) {
                return "/snapshot/list/" + parts.get(1);
            }
            if (parts.size() == 3 && parts.get(2).equals("create")) {
                if (!additional.has("desc") && additional.path("description").isString()) {
                    additional.put("desc", additional.path("description").asString());
                }
                return "/snapshot/create/" + parts.get(1);
            }
            if (parts.size() == 3) {
                return "/snapshot/list/" + parts.get(1) + "/" + parts.get(2);
            }
        }
        if (parts.get(0).equals("images") && parts.size() == 3
                && (parts.get(1).equals("upload") || parts.get(1).equals("download"))) {
            additional.put("image_filename", parts.get(2));
            return "/images/" + parts.get(1);
        }
        return path;
    }

    /** The task a path acts on: {@code /tasks/<id>}, {@code /tasks/<op>/<id>}, {@code /snapshot|disk/<op>/<id>…}. */
    private static String taskId(List<String> parts) {
        return switch (parts.get(0)) {
            case "tasks" -> parts.size() == 2 && !parts.get(1).equals("start") ? parts.get(1)
                    : parts.size() == 3 ? parts.get(2) : null;
            case "snapshot", "disk" -> parts.size() >= 3 ? parts.get(2) : null;
            default -> null;
        };
    }

    private Answer error(int status, int errcode, String message) {
        ObjectNode answer = json.createObjectNode().put("errcode", errcode).put("message", message);
        return new Answer(status, json.writeValueAsBytes(answer));
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private Integer errcode(byte[] body) {
        JsonNode answer = parse(body);
        return answer != null && answer.path("errcode").isNumber() ? answer.path("errcode").asInt() : null;
    }

    private static Integer number(JsonNode additional, String key) {
        String text = additional.path(key).asString("");
        return text.matches("\\d{1,9}") ? Integer.valueOf(text) : null;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}

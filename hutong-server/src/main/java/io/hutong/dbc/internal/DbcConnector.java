package io.hutong.dbc.internal;

import io.hutong.core.HttpClients;
import io.hutong.core.UpstreamFailures;
import io.hutong.dbc.internal.DbcWire.Disk;
import io.hutong.dbc.internal.DbcWire.ImageProgress;
import io.hutong.dbc.internal.DbcWire.MachineInfo;
import io.hutong.dbc.internal.DbcWire.NodeEntry;
import io.hutong.dbc.internal.DbcWire.RentOrder;
import io.hutong.dbc.internal.DbcWire.RentOrders;
import io.hutong.dbc.internal.DbcWire.SessionId;
import io.hutong.dbc.internal.DbcWire.Snapshot;
import io.hutong.dbc.internal.DbcWire.TaskDetails;
import io.hutong.dbc.internal.DbcWire.TaskSummary;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls a dbc_client on its real paths. Every value inside {@code additional} is sent as a JSON
 * string; answers are judged by {@code errcode} whatever the HTTP status, and failures become
 * {@link DbcFailure}s with the client's message. Bodies are never logged: they carry signatures.
 */
@Component
class DbcConnector {

    private static final Logger log = LoggerFactory.getLogger(DbcConnector.class);

    private final HttpClient http;
    private final JsonMapper json;
    private final Duration timeout;

    DbcConnector(JsonMapper json, DbcProperties properties) {
        this.json = json;
        this.timeout = properties.requestTimeout();
        this.http = HttpClients.blocking(Duration.ofSeconds(5)).build();
    }

    /** Where a call goes and as whom: the client's base URL (without {@code /api/v1}), the machine, the account. */
    record Target(String url, String nodeId, DbcAuth auth) {
    }

    /** A raw answer, for the gateway to relay. */
    record Raw(int status, byte[] body) {
    }

    // ---------------------------------------------------------------- machines

    List<NodeEntry> nodes(String url) {
        return list(call(new Target(url, null, new DbcAuth.None()), "/mining_nodes", Map.of(), null), NodeEntry.class);
    }

    MachineInfo machineInfo(String url, String nodeId) {
        return as(call(new Target(url, nodeId, new DbcAuth.None()), "/mining_nodes", Map.of(), null), MachineInfo.class);
    }

    /** A renter's session id: needs a wallet or multisig signature. */
    String sessionId(Target target) {
        return as(call(target, "/mining_nodes/session_id", Map.of(), null), SessionId.class).session_id();
    }

    List<RentOrder> rentOrders(String url, String nodeId, String orderId) {
        String path = orderId == null ? "/rent_orders" : "/rent_orders/" + segment(orderId);
        RentOrders orders = as(call(new Target(url, nodeId, new DbcAuth.None()), path, Map.of(), null),
                RentOrders.class);
        return orders.rent_orders() == null ? List.of() : orders.rent_orders();
    }

    // ---------------------------------------------------------------- VMs

    TaskSummary createTask(Target target, Map<String, String> additional, String rentOrder) {
        return as(call(target, "/tasks/start", additional, rentOrder), TaskSummary.class);
    }

    List<TaskSummary> tasks(Target target) {
        return list(call(target, "/tasks", Map.of(), null), TaskSummary.class);
    }

    TaskDetails task(Target target, String taskId) {
        return as(call(target, "/tasks/" + segment(taskId), Map.of(), null), TaskDetails.class);
    }

    /** start, shutdown, poweroff, restart, reset or delete. */
    void operate(Target target, String operation, String taskId, boolean forceReboot) {
        String query = forceReboot && operation.equals("restart") ? "?force_reboot=true" : "";
        call(target, "/tasks/" + operation + "/" + segment(taskId) + query, Map.of(), null);
    }

    String logs(Target target, String taskId, String flag, int lines) {
        return call(target, "/tasks/logs/" + segment(taskId) + "?flag=" + flag + "&line_num=" + lines, Map.of(), null)
                .asString();
    }

    /** additional: new_ssh_port, new_vnc_port, new_rdp_port, new_custom_port, new_gpu_count, new_cpu_cores, new_mem_size. */
    void modify(Target target, String taskId, Map<String, String> changes) {
        call(target, "/tasks/modify/" + segment(taskId), changes, null);
    }

    void passwd(Target target, String taskId, String username, String password) {
        call(target, "/tasks/passwd/" + segment(taskId), Map.of("username", username, "password", password), null);
    }

    // ---------------------------------------------------------------- snapshots

    List<Snapshot> snapshots(Target target, String taskId, String snapshotName) {
        String path = "/snapshot/list/" + segment(taskId) + (snapshotName == null ? "" : "/" + segment(snapshotName));
        return list(call(target, path, Map.of(), null), Snapshot.class);
    }

    void createSnapshot(Target target, String taskId, String snapshotName, String desc, String imageServer) {
        Map<String, String> additional = new LinkedHashMap<>();
        additional.put("snapshot_name", snapshotName);
        putIfSet(additional, "desc", desc);
        putIfSet(additional, "image_server", imageServer);
        call(target, "/snapshot/create/" + segment(taskId), additional, null);
    }

    void deleteSnapshot(Target target, String taskId, String snapshotName) {
        call(target, "/snapshot/delete/" + segment(taskId) + "/" + segment(snapshotName), Map.of(), null);
    }

    // ---------------------------------------------------------------- images

    JsonNode images(String url, String imageServer) {
        Map<String, String> additional = new LinkedHashMap<>();
        putIfSet(additional, "image_server", imageServer);
        return call(new Target(url, null, new DbcAuth.None()), "/images", additional, null);
    }

    JsonNode imageServers(String url) {
        return call(new Target(url, null, new DbcAuth.None()), "/images/servers", Map.of(), null);
    }

    /**
     * download, downloadprogress, download_stop, upload, uploadprogress, upload_stop or delete; the
     * file name always travels in {@code additional.image_filename}, never in the path.
     */
    JsonNode image(Target target, String operation, String imageFilename, String imageServer, String localDir) {
        Map<String, String> additional = new LinkedHashMap<>();
        additional.put("image_filename", imageFilename);
        putIfSet(additional, "image_server", imageServer);
        putIfSet(additional, "local_dir", localDir);
        return call(target, "/images/" + operation, additional, null);
    }

    /** How far a download or upload is. */
    ImageProgress imageProgress(Target target, String direction, String imageFilename) {
        return as(image(target, direction + "progress", imageFilename, null, null), ImageProgress.class);
    }

    // ---------------------------------------------------------------- disks

    List<Disk> disks(Target target, String taskId) {
        return list(call(target, "/disk/list/" + segment(taskId), Map.of(), null), Disk.class);
    }

    void resizeDisk(Target target, String taskId, String disk, int sizeGb) {
        call(target, "/disk/resize/" + segment(taskId), Map.of("disk", disk, "size", Integer.toString(sizeGb)), null);
    }

    void addDisk(Target target, String taskId, int sizeGb, String mountDir) {
        Map<String, String> additional = new LinkedHashMap<>();
        additional.put("size", Integer.toString(sizeGb));
        putIfSet(additional, "mount_dir", mountDir);
        call(target, "/disk/add/" + segment(taskId), additional, null);
    }

    void deleteDisk(Target target, String taskId, String disk) {
        call(target, "/disk/delete/" + segment(taskId), Map.of("disk", disk), null);
    }

    // ---------------------------------------------------------------- transport

    /** POSTs a request of the client's shape and returns {@code message} when errcode is 0. */
    JsonNode call(Target target, String path, Map<String, String> additional, String rentOrder) {
        ObjectNode body = json.createObjectNode();
        var peers = body.putArray("peer_nodes_list");
        if (target.nodeId() != null) {
            peers.add(target.nodeId());
        }
        ObjectNode extra = body.putObject("additional");
        additional.forEach(extra::put);
        if (rentOrder != null && !rentOrder.isBlank()) {
            body.put("rent_order", rentOrder);
        }
        target.auth().addTo(body);
        Raw raw = post(target.url(), path, json.writeValueAsBytes(body));
        JsonNode answer;
        try {
            answer = json.readTree(raw.body());
        } catch (JacksonException e) {
            throw DbcFailure.unreachable("the dbc_client at " + target.url() + " answered HTTP " + raw.status()
                    + " without JSON on " + path);
        }
        JsonNode errcode = answer.path("errcode");
        if (!errcode.isNumber()) {
            throw DbcFailure.unreachable("the dbc_client at " + target.url() + " answered HTTP " + raw.status()
                    + " without an errcode on " + path);
        }
        if (errcode.asInt() != 0) {
            DbcFailure failure = DbcFailure.of(raw.status(), errcode.asInt(), answer.path("message").asString(""));
            log.info("dbc_client {} {} for node {}: {} ({}, errcode {})", target.url(), pathOnly(path),
                    target.nodeId(), failure.getMessage(), failure.kind(), errcode.asInt());
            throw failure;
        }
        return answer.path("message");
    }

    /** One POST of an already complete body; the gateway relays answers as they are. */
    Raw post(String url, String pathAndQuery, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1" + pathAndQuery))
                .timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Raw(response.statusCode(), response.body());
        } catch (IOException e) {
            throw DbcFailure.unreachable("the dbc_client at " + url + " cannot be reached: "
                    + UpstreamFailures.cause(e), UpstreamFailures.timedOut(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DbcFailure.unreachable("interrupted while calling the dbc_client at " + url);
        } catch (IllegalArgumentException e) {
            throw DbcFailure.unreachable("the dbc_client URL " + url + " is not usable: " + e.getMessage());
        }
    }

    private <T> T as(JsonNode message, Class<T> type) {
        try {
            return json.treeToValue(message, type);
        } catch (JacksonException e) {
            throw DbcFailure.unreachable("a dbc_client answer is not a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    private <T> List<T> list(JsonNode message, Class<T> type) {
        JavaType listType = json.getTypeFactory().constructCollectionType(List.class, type);
        try {
            return message.isArray() ? json.treeToValue(message, listType) : List.of();
        } catch (JacksonException e) {
            throw DbcFailure.unreachable("a dbc_client answer is not a list of " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    private static void putIfSet(Map<String, String> additional, String key, String value) {
        if (value != null && !value.isBlank()) {
            additional.put(key, value);
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String pathOnly(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}

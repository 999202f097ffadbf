package io.hutong.dbc.internal;

import io.hutong.dbc.DbcMachine;
import io.hutong.dbc.DbcMachines;
import io.hutong.dbc.internal.DbcStore.ClientRow;
import io.hutong.dbc.internal.DbcStore.MachineRow;
import io.hutong.dbc.internal.DbcWire.MachineInfo;
import io.hutong.dbc.internal.DbcWire.NodeEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Machines as the registered dbc_clients know them, cached in {@code dbc_machine}: a client's list
 * and each machine's configuration are read again once older than {@code hutong.dbc.machine-ttl}.
 * A client that cannot be reached keeps its last known machines.
 */
@Service
public class MachineService implements DbcMachines {

    private static final Logger log = LoggerFactory.getLogger(MachineService.class);

    private final DbcStore store;
    private final DbcConnector connector;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration ttl;

    MachineService(DbcStore store, DbcConnector connector, JsonMapper json, Clock clock, DbcProperties properties) {
        this.store = store;
        this.connector = connector;
        this.json = json;
        this.clock = clock;
        this.ttl = properties.machineTtl();
    }

    @Override
    public List<DbcMachine> machines(long userId) {
        return machines(store.clients(userId), false);
    }

    @Override
    public List<DbcMachine> allMachines() {
        return machines(store.clients(null), false);
    }

    @Override
    public List<DbcMachine> withFreeGpus(long userId, int gpus) {
        return machines(userId).stream().filter(m -> m.freeGpus() >= Math.max(gpus, 1))
                .sorted(Comparator.comparingInt(DbcMachine::freeGpus).reversed()).toList();
    }

    /** The machines of these clients; {@code refresh} reads every client again now. */
    public List<DbcMachine> machines(List<ClientRow> clients, boolean refresh) {
        Instant now = clock.instant();
        for (ClientRow client : clients) {
            if (refresh || stale(client.machinesRefreshedAt(), now)) {
                refresh(client);
            }
        }
        Map<Long, ClientRow> byId = clients.stream().collect(Collectors.toMap(ClientRow::id, Function.identity()));
        List<DbcMachine> machines = new ArrayList<>();
        for (MachineRow row : store.machines(clients.stream().map(ClientRow::id).toList())) {
            if (row.info() == null || stale(row.refreshedAt(), now)) {
                row = readInfo(byId.get(row.clientId()), row.nodeId()).orElse(row);
            }
            machines.add(machine(byId.get(row.clientId()), row));
        }
        return machines;
    }

    /** A machine of a client with a configuration no older than the TTL; empty when the client does not know it. */
    Optional<DbcMachine> machine(ClientRow client, String nodeId) {
        Optional<MachineRow> cached = store.machine(client.id(), nodeId);
        if (cached.isPresent() && cached.get().info() != null && !stale(cached.get().refreshedAt(), clock.instant())) {
            return Optional.of(machine(client, cached.get()));
        }
        try {
            return fetchInfo(client, nodeId).map(row -> machine(client, row));
        } catch (DbcFailure failure) {
            if (failure.kind() == DbcFailure.Kind.NODE_NOT_DISCOVERED) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    /**
     * The first of these clients that knows the machine, by the cache; a client whose list is
     * older than the TTL is asked again when none knows it.
     */
    Optional<ClientRow> clientKnowing(List<ClientRow> clients, String nodeId) {
        List<Long> ids = store.clientsKnowing(nodeId, clients.stream().map(ClientRow::id).toList());
        Optional<ClientRow> known = clients.stream().filter(c -> ids.contains(c.id())).findFirst();
        if (known.isPresent()) {
            return known;
        }
        Instant now = clock.instant();
        for (ClientRow client : clients) {
            if (stale(client.machinesRefreshedAt(), now) && refresh(client).contains(nodeId)) {
                return Optional.of(client);
            }
        }
        return Optional.empty();
    }

    /** Reads a client's list of machines; returns the node ids, or nothing when the client cannot be reached. */
    List<String> refresh(ClientRow client) {
        try {
            List<String> nodeIds = new ArrayList<>();
            for (NodeEntry node : connector.nodes(client.url())) {
                store.upsertMachine(client.id(), node.node_id(), node.name(), node.version(), null, clock.instant());
                nodeIds.add(node.node_id());
            }
            store.machinesListed(client.id(), nodeIds, clock.instant());
            return nodeIds;
        } catch (DbcFailure failure) {
            log.warn("Cannot list the machines of dbc_client {} ({}): {}", client.name(), client.url(),
                    failure.getMessage());
            return List.of();
        }
    }

    private Optional<MachineRow> readInfo(ClientRow client, String nodeId) {
        try {
            return fetchInfo(client, nodeId);
        } catch (DbcFailure failure) {
            log.warn("Cannot read machine {} from dbc_client {}: {}", nodeId, client.name(), failure.getMessage());
            return Optional.empty();
        }
    }

    private Optional<MachineRow> fetchInfo(ClientRow client, String nodeId) {
        MachineInfo info = connector.machineInfo(client.url(), nodeId);
        store.upsertMachine(client.id(), nodeId, null, info.version(), json.writeValueAsString(info), clock.instant());
        return store.machine(client.id(), nodeId);
    }

    private boolean stale(Instant refreshedAt, Instant now) {
        return refreshedAt == null || !refreshedAt.plus(ttl).isAfter(now);
    }

    private DbcMachine machine(ClientRow client, MachineRow row) {
        MachineInfo info = row.info() == null ? null : json.readValue(row.info(), MachineInfo.class);
        if (info == null) {
            return new DbcMachine(client.id(), client.name(), client.ownerUserId(), row.nodeId(), row.name(),
                    row.version(), 0, 0, 0, null, 0, 0, null, List.of(), row.refreshedAt());
        }
        int diskGb = info.disk_data() == null ? 0
                : info.disk_data().stream().mapToInt(d -> number(d.free() != null ? d.free() : d.size())).sum();
        List<String> images = info.images() == null ? List.of()
                : info.images().stream().map(DbcWire.Image::image_name).filter(n -> n != null).toList();
        return new DbcMachine(client.id(), client.name(), client.ownerUserId(), row.nodeId(), row.name(),
                row.version() != null ? row.version() : info.version(),
                info.gpu() == null ? 0 : number(info.gpu().gpu_count()),
                info.gpu() == null ? 0 : number(info.gpu().gpu_used()),
                info.cpu() == null ? 0 : number(info.cpu().cores()), info.cpu() == null ? null : info.cpu().type(),
                info.mem() == null ? 0 : number(info.mem().size()), diskGb, info.os(), images, row.refreshedAt());
    }

    /** The leading whole number of a value such as {@code "128G"} or {@code "32"}; 0 when there is none. */
    static int number(String text) {
        if (text == null) {
            return 0;
        }
        String digits = text.strip().replaceFirst("^(\\d+).*$", "$1");
        return digits.matches("\\d{1,9}") ? Integer.parseInt(digits) : 0;
    }
}

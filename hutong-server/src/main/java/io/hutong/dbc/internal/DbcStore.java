package io.hutong.dbc.internal;

import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.nullableLong;
import static io.hutong.storage.Sql.ts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hutong.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The dbc_* tables. */
@Repository
public class DbcStore {

    /**
     * How long the gateway's routing reads are taken from memory. A change made through this node
     * clears them at once; one made on another replica of the node is seen within this time.
     */
    private static final Duration ROUTES_REMEMBERED = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final Cache<List<Object>, Optional<ClientRow>> clientsKnowing = routeCache();
    private final Cache<Long, List<AccountRow>> accountsOfUser = routeCache();

    DbcStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static <K, V> Cache<K, V> routeCache() {
        return Caffeine.newBuilder().expireAfterWrite(ROUTES_REMEMBERED).maximumSize(10_000).build();
    }

    private void routesChanged() {
        clientsKnowing.invalidateAll();
        accountsOfUser.invalidateAll();
    }

    public record ClientRow(long id, String name, String url, Long ownerUserId, String source, Instant createdAt,
            Instant machinesRefreshedAt) {
        public boolean shared() {
            return ownerUserId == null;
        }
    }

    /** An account; {@code secret} is sealed and {@link #toString()} leaves it out. */
    public record AccountRow(long id, long clientId, Long ownerUserId, String name, String authType, String wallet,
            byte[] secret, Instant createdAt) {
        public boolean shared() {
            return ownerUserId == null;
        }

        @Override
        public String toString() {
            return "AccountRow[" + id + ", " + name + ", " + authType + ", " + wallet + "]";
        }
    }

    public record MachineRow(long clientId, String nodeId, String name, String version, String info, Instant refreshedAt) {
    }

    public record VmRow(long id, long userId, long clientId, long accountId, String nodeId, String taskId, String description,
            String os, String imageName, Integer sshPort, Integer rdpPort, int vncPort, int gpuCount, int cpuCores,
            int memGb, int diskGb, String rentOrder, String status, Instant statusAt, String operation,
            String targetStatus, Instant nextPollAt, int pollAttempts, Instant followUntil, byte[] login,
            Instant createdAt) {
    }

    public record VmEvent(String status, Instant at, String note) {
    }

    public record TransferRow(long id, long userId, long clientId, long accountId, String nodeId, String imageFilename,
            String direction, String imageServer, String status, int progress, String lastError, Instant nextPollAt,
            int pollAttempts, int failures, Instant createdAt, Instant updatedAt) {
    }

    public record TransferEvent(long transferId, String status, int progress, Instant at) {
    }

    public record GatewayCall(long id, long userId, String path, String nodeId, Long clientId, Long accountId, int httpStatus,
            Integer errcode, int durationMs, Instant at) {
    }

    // ---------------------------------------------------------------- clients and accounts

    ClientRow insertClient(String name, String url, Long ownerUserId, String source, Instant now) {
        routesChanged();
        return jdbc.sql("""
                insert into dbc_client (name, url, owner_user_id, source, created_at) values (?, ?, ?, ?, ?)
                returning *""").params(name, url, nullableBigint(ownerUserId), source, ts(now))
                .query(DbcStore::client).single();
    }

    void updateClientUrl(long id, String url) {
        routesChanged();
        jdbc.sql("update dbc_client set url = ? where id = ?").params(url, id).update();
    }

    public Optional<ClientRow> client(long id) {
        return jdbc.sql("select * from dbc_client where id = ?").param(id).query(DbcStore::client).optional();
    }

    Optional<ClientRow> sharedClient(String name) {
        return jdbc.sql("select * from dbc_client where owner_user_id is null and name = ?").param(name)
                .query(DbcStore::client).optional();
    }

    /** The user's own clients and the node's shared ones; every client when {@code userId} is null. */
    public List<ClientRow> clients(Long userId) {
        if (userId == null) {
            return jdbc.sql("select * from dbc_client order by id").query(DbcStore::client).list();
        }
        return jdbc.sql("select * from dbc_client where owner_user_id is null or owner_user_id = ? order by id")
                .param(userId).query(DbcStore::client).list();
    }

    void deleteClient(long id) {
        routesChanged();
        jdbc.sql("delete from dbc_client where id = ?").param(id).update();
    }

    boolean clientHasVms(long id) {
        return jdbc.sql("select exists (select 1 from dbc_vm where client_id = ?)").param(id)
                .query(Boolean.class).single();
    }

    AccountRow insertAccount(long clientId, Long ownerUserId, String name, String authType, String wallet,
            byte[] secret, Instant now) {
        routesChanged();
        return jdbc.sql("""
                insert into dbc_account (client_id, owner_user_id, name, auth_type, wallet, secret, created_at)
                values (?, ?, ?, ?, ?, ?, ?) returning *""")
                .params(clientId, nullableBigint(ownerUserId), name, authType, wallet, secret, ts(now))
                .query(DbcStore::account).single();
    }

    void updateAccount(long id, String authType, String wallet, byte[] secret) {
        routesChanged();
        jdbc.sql("update dbc_account set auth_type = ?, wallet = ?, secret = ? where id = ?")
                .params(authType, wallet, secret, id).update();
    }

    Optional<AccountRow> account(long id) {
        return jdbc.sql("select * from dbc_account where id = ?").param(id).query(DbcStore::account).optional();
    }

    Optional<AccountRow> account(long clientId, String name) {
        return jdbc.sql("select * from dbc_account where client_id = ? and name = ?").params(clientId, name)
                .query(DbcStore::account).optional();
    }

    /** Accounts the user may act as (own first, then the node's); every account when {@code userId} is null. */
    public List<AccountRow> accounts(Long userId) {
        if (userId == null) {
            return jdbc.sql("select * from dbc_account order by id").query(DbcStore::account).list();
        }
        return accountsOfUser.get(userId, this::readAccounts);
    }

    private List<AccountRow> readAccounts(long userId) {
        return jdbc.sql("""
                select * from dbc_account where owner_user_id is null or owner_user_id = ?
                order by owner_user_id is null, id""").param(userId).query(DbcStore::account).list().stream().toList();
    }

    // ---------------------------------------------------------------- machines

    void upsertMachine(long clientId, String nodeId, String name, String version, String info, Instant now) {
        routesChanged();
        jdbc.sql("""
                insert into dbc_machine (client_id, node_id, name, version, info, refreshed_at)
                values (?, ?, ?, ?, cast(? as jsonb), ?)
                on conflict (client_id, node_id) do update set name = coalesce(excluded.name, dbc_machine.name),
                    version = coalesce(excluded.version, dbc_machine.version),
                    info = coalesce(excluded.info, dbc_machine.info), refreshed_at = excluded.refreshed_at""")
                .params(clientId, nodeId, name, version, info, ts(now)).update();
    }

    /** Records a fresh list of a client's machines: the others are forgotten. */
    void machinesListed(long clientId, List<String> nodeIds, Instant now) {
        routesChanged();
        jdbc.sql("delete from dbc_machine where client_id = ? and not (node_id = any (?))")
                .params(clientId, nodeIds.toArray(String[]::new)).update();
        jdbc.sql("update dbc_client set machines_refreshed_at = ? where id = ?").params(ts(now), clientId).update();
    }

    List<MachineRow> machines(List<Long> clientIds) {
        if (clientIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from dbc_machine where client_id = any (?) order by node_id, client_id")
                .param(clientIds.toArray(Long[]::new)).query(DbcStore::machine).list();
    }

    /** Which of these clients know a machine, by the cache. */
    List<Long> clientsKnowing(String nodeId, List<Long> clientIds) {
        return jdbc.sql("select client_id from dbc_machine where node_id = ? and client_id = any (?)")
                .params(nodeId, clientIds.toArray(Long[]::new)).query(Long.class).list();
    }

    Optional<MachineRow> machine(long clientId, String nodeId) {
        return jdbc.sql("select * from dbc_machine where client_id = ? and node_id = ?").params(clientId, nodeId)
                .query(DbcStore::machine).optional();
    }

    // ---------------------------------------------------------------- VMs

    long insertVm(VmRow vm) {
        return jdbc.sql("""
                insert into dbc_vm (user_id, client_id, account_id, node_id, task_id, description, os, image_name,
                    ssh_port, rdp_port, vnc_port, gpu_count, cpu_cores, mem_gb, disk_gb, rent_order, status, status_at,
                    operation, target_status, next_poll_at, follow_until, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(vm.userId(), vm.clientId(), vm.accountId(), vm.nodeId(), vm.taskId(), vm.description(), vm.os(),
                        vm.imageName(), nullableInt(vm.sshPort()), nullableInt(vm.rdpPort()), vm.vncPort(),
                        vm.gpuCount(), vm.cpuCores(), vm.memGb(), vm.diskGb(), vm.rentOrder(), vm.status(),
                        ts(vm.statusAt()), vm.operation(), vm.targetStatus(), ts(vm.nextPollAt()),
                        ts(vm.followUntil()), ts(vm.createdAt()))
                .query(Long.class).single();
    }

    Optional<VmRow> vm(long id) {
        return jdbc.sql("select * from dbc_vm where id = ?").param(id).query(DbcStore::vm).optional();
    }

    Optional<VmRow> vm(String nodeId, String taskId) {
        return jdbc.sql("select * from dbc_vm where node_id = ? and task_id = ?").params(nodeId, taskId)
                .query(DbcStore::vm).optional();
    }

    Optional<VmRow> lockVm(long id) {
        return jdbc.sql("select * from dbc_vm where id = ? for update").param(id).query(DbcStore::vm).optional();
    }

    /** The VMs of a user (every VM with null), newest first. */
    public List<VmRow> vms(Long userId, Paging page) {
        return jdbc.sql("select * from dbc_vm where (cast(? as bigint) is null or user_id = ?) order by id desc "
                + "limit ? offset ?").params(userId, userId, page.limit(), page.offset()).query(DbcStore::vm).list();
    }

    public long countVms(Long userId) {
        return jdbc.sql("select count(*) from dbc_vm where (cast(? as bigint) is null or user_id = ?)")
                .params(userId, userId).query(Long.class).single();
    }

    /** Ports held by the user's live VMs on a machine. */
    List<VmRow> liveVms(long userId, String nodeId) {
        return jdbc.sql("select * from dbc_vm where user_id = ? and node_id = ? and status <> 'deleted'")
                .params(userId, nodeId).query(DbcStore::vm).list();
    }

    /**
     * Claims VMs whose poll is due: moves their next poll to {@code leaseUntil} so no replica takes
     * them meanwhile (a crashed poller's lease simply runs out), skipping rows another replica holds.
     */
    List<VmRow> claimDue(Instant now, Instant leaseUntil, int limit) {
        return claimDue("dbc_vm", DbcStore::vm, now, leaseUntil, limit);
    }

    private <T> List<T> claimDue(String table, RowMapper<T> rows, Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("update " + table + " set next_poll_at = ? where id in (select id from " + table
                        + " where next_poll_at <= ? order by next_poll_at limit ? for update skip locked) returning *")
                .params(ts(leaseUntil), ts(now), limit).query(rows).list();
    }

    void follow(long id, String operation, String targetStatus, Instant nextPollAt, Instant followUntil) {
        jdbc.sql("""
                update dbc_vm set operation = ?, target_status = ?, next_poll_at = ?, poll_attempts = 0,
                    follow_until = ? where id = ?""")
                .params(operation, targetStatus, ts(nextPollAt), ts(followUntil), id).update();
    }

    void scheduleNextPoll(long id, Instant nextPollAt) {
        jdbc.sql("update dbc_vm set next_poll_at = ?, poll_attempts = poll_attempts + 1 where id = ?")
                .params(ts(nextPollAt), id).update();
    }

    void stopFollowing(long id) {
        jdbc.sql("""
                update dbc_vm set operation = null, target_status = null, next_poll_at = null, poll_attempts = 0,
                    follow_until = null where id = ?""").param(id).update();
    }

    void setStatus(long id, String status, Instant at) {
        jdbc.sql("update dbc_vm set status = ?, status_at = ? where id = ?").params(status, ts(at), id).update();
    }

    void setLogin(long id, byte[] login) {
        jdbc.sql("update dbc_vm set login = ? where id = ?").params(login, id).update();
    }

    void insertEvent(long vmId, String status, Instant at, String note) {
        jdbc.sql("insert into dbc_vm_event (vm_id, status, at, note) values (?, ?, ?, ?)")
                .params(vmId, status, ts(at), note).update();
    }

    List<VmEvent> events(long vmId) {
        return jdbc.sql("select status, at, note from dbc_vm_event where vm_id = ? order by id").param(vmId)
                .query((rs, n) -> new VmEvent(rs.getString("status"), instant(rs, "at"), rs.getString("note")))
                .list();
    }

    // ---------------------------------------------------------------- image transfers

    long insertTransfer(TransferRow t) {
        return jdbc.sql("""
                insert into dbc_image_transfer (user_id, client_id, account_id, node_id, image_filename, direction,
                    image_server, status, progress, next_poll_at, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(t.userId(), t.clientId(), t.accountId(), t.nodeId(), t.imageFilename(), t.direction(),
                        t.imageServer(), t.status(), t.progress(), ts(t.nextPollAt()), ts(t.createdAt()),
                        ts(t.updatedAt()))
                .query(Long.class).single();
    }

    Optional<TransferRow> lockTransfer(long id) {
        return jdbc.sql("select * from dbc_image_transfer where id = ? for update").param(id)
                .query(DbcStore::transfer).optional();
    }

    /** The user's transfers of one image on a machine that are still followed. */
    List<TransferRow> followedTransfers(long userId, String nodeId, String imageFilename, String direction) {
        return jdbc.sql("""
                select * from dbc_image_transfer where user_id = ? and node_id = ? and image_filename = ?
                    and direction = ? and status = 'transferring' for update""")
                .params(userId, nodeId, imageFilename, direction).query(DbcStore::transfer).list();
    }

    public List<TransferRow> transfers(long userId, Paging page) {
        return jdbc.sql("select * from dbc_image_transfer where user_id = ? order by id desc limit ? offset ?")
                .params(userId, page.limit(), page.offset()).query(DbcStore::transfer).list();
    }

    public long countTransfers(long userId) {
        return jdbc.sql("select count(*) from dbc_image_transfer where user_id = ?").param(userId).query(Long.class)
                .single();
    }

    /** Same lease as {@link #claimDue}. */
    List<TransferRow> claimDueTransfers(Instant now, Instant leaseUntil, int limit) {
        return claimDue("dbc_image_transfer", DbcStore::transfer, now, leaseUntil, limit);
    }

    /** What the client answered; {@code nextPollAt} null ends the following. */
    void transferAnswered(long id, String status, int progress, Instant nextPollAt, Instant now) {
        jdbc.sql("""
                update dbc_image_transfer set status = ?, progress = ?, next_poll_at = ?,
                    poll_attempts = poll_attempts + 1, failures = 0, last_error = null, updated_at = ? where id = ?""")
                .params(status, progress, ts(nextPollAt), ts(now), id).update();
    }

    /**
     * A poll that failed: retried at {@code nextPollAt}, or ended as {@code status} (failed) when it is null;
     * only a refusal by a client that answered counts towards giving up.
     */
    void transferFailed(long id, String status, String error, Instant nextPollAt, boolean refused) {
        jdbc.sql("""
                update dbc_image_transfer set status = ?, last_error = ?, next_poll_at = ?,
                    poll_attempts = poll_attempts + 1, failures = failures + ? where id = ?""")
                .params(status, error, ts(nextPollAt), refused ? 1 : 0, id).update();
    }

    void stopTransfer(long id, Instant now) {
        jdbc.sql("update dbc_image_transfer set status = 'stopped', next_poll_at = null, updated_at = ? where id = ?")
                .params(ts(now), id).update();
    }

    void insertTransferEvent(long transferId, String status, int progress, Instant at) {
        jdbc.sql("insert into dbc_image_transfer_event (transfer_id, status, progress, at) values (?, ?, ?, ?)")
                .params(transferId, status, progress, ts(at)).update();
    }

    /** The events of several transfers in one read, oldest first. */
    public List<TransferEvent> transferEvents(List<Long> transferIds) {
        if (transferIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select transfer_id, status, progress, at from dbc_image_transfer_event where transfer_id = any (?)
                order by id""").param(transferIds.toArray(Long[]::new))
                .query((rs, n) -> new TransferEvent(rs.getLong("transfer_id"), rs.getString("status"),
                        rs.getInt("progress"), instant(rs, "at")))
                .list();
    }

    // ---------------------------------------------------------------- gateway audit

    void insertGatewayCalls(List<GatewayCall> calls) {
        for (GatewayCall call : calls) {
            jdbc.sql("""
                    insert into dbc_gateway_call (user_id, path, node_id, client_id, account_id, http_status, errcode,
                        duration_ms, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(call.userId(), call.path(), call.nodeId(), nullableBigint(call.clientId()),
                            nullableBigint(call.accountId()), call.httpStatus(), nullableInt(call.errcode()),
                            call.durationMs(), ts(call.at())).update();
        }
    }

    /** The first client of the user's (own before the node's) that the cache says knows a machine. */
    Optional<ClientRow> clientKnowing(long userId, String nodeId, Long clientId) {
        return clientsKnowing.get(Arrays.asList(userId, nodeId, clientId),
                key -> readClientKnowing(userId, nodeId, clientId));
    }

    private Optional<ClientRow> readClientKnowing(long userId, String nodeId, Long clientId) {
        return jdbc.sql("""
                select c.* from dbc_machine m join dbc_client c on c.id = m.client_id
                where m.node_id = ? and (c.owner_user_id is null or c.owner_user_id = ?)
                  and (cast(? as bigint) is null or c.id = ?)
                order by c.owner_user_id is null, c.id limit 1""")
                .params(nodeId, userId, nullableBigint(clientId), nullableBigint(clientId))
                .query(DbcStore::client).optional();
    }

    public List<GatewayCall> gatewayCalls(Long userId, int limit) {
        return jdbc.sql("""
                select * from dbc_gateway_call where (cast(? as bigint) is null or user_id = ?)
                order by at desc, id desc limit ?""")
                .params(nullableBigint(userId), nullableBigint(userId), limit)
                .query((rs, n) -> new GatewayCall(rs.getLong("id"), rs.getLong("user_id"), rs.getString("path"),
                        rs.getString("node_id"), nullableLong(rs, "client_id"), nullableLong(rs, "account_id"),
                        rs.getInt("http_status"), nullableInt(rs, "errcode"), rs.getInt("duration_ms"),
                        instant(rs, "at")))
                .list();
    }

    // ---------------------------------------------------------------- mapping

    private static SqlParameterValue nullableBigint(Long value) {
        return new SqlParameterValue(Types.BIGINT, value);
    }

    private static SqlParameterValue nullableInt(Integer value) {
        return new SqlParameterValue(Types.INTEGER, value);
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static ClientRow client(ResultSet rs, int row) throws SQLException {
        return new ClientRow(rs.getLong("id"), rs.getString("name"), rs.getString("url"),
                nullableLong(rs, "owner_user_id"), rs.getString("source"), instant(rs, "created_at"),
                instant(rs, "machines_refreshed_at"));
    }

    private static AccountRow account(ResultSet rs, int row) throws SQLException {
        return new AccountRow(rs.getLong("id"), rs.getLong("client_id"), nullableLong(rs, "owner_user_id"),
                rs.getString("name"), rs.getString("auth_type"), rs.getString("wallet"), rs.getBytes("secret"),
                instant(rs, "created_at"));
    }

    private static MachineRow machine(ResultSet rs, int row) throws SQLException {
        return new MachineRow(rs.getLong("client_id"), rs.getString("node_id"), rs.getString("name"),
                rs.getString("version"), rs.getString("info"), instant(rs, "refreshed_at"));
    }

    private static TransferRow transfer(ResultSet rs, int row) throws SQLException {
        return new TransferRow(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("client_id"),
                rs.getLong("account_id"), rs.getString("node_id"), rs.getString("image_filename"),
                rs.getString("direction"), rs.getString("image_server"), rs.getString("status"),
                rs.getInt("progress"), rs.getString("last_error"), instant(rs, "next_poll_at"),
                rs.getInt("poll_attempts"), rs.getInt("failures"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static VmRow vm(ResultSet rs, int row) throws SQLException {
        return new VmRow(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("client_id"), rs.getLong("account_id"),
                rs.getString("node_id"), rs.getString("task_id"), rs.getString("description"), rs.getString("os"),
                rs.getString("image_name"), nullableInt(rs, "ssh_port"), nullableInt(rs, "rdp_port"),
                rs.getInt("vnc_port"), rs.getInt("gpu_count"), rs.getInt("cpu_cores"), rs.getInt("mem_gb"),
                rs.getInt("disk_gb"), rs.getString("rent_order"), rs.getString("status"), instant(rs, "status_at"),
                rs.getString("operation"), rs.getString("target_status"), instant(rs, "next_poll_at"),
                rs.getInt("poll_attempts"), instant(rs, "follow_until"), rs.getBytes("login"),
                instant(rs, "created_at"));
    }
}

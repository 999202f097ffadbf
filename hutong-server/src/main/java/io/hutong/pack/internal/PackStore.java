package io.hutong.pack.internal;

import io.hutong.pack.DurationType;
import io.hutong.pack.NodeType;
import io.hutong.pack.Pack;
import io.hutong.pack.PackNode;
import io.hutong.pack.PackStatus;
import io.hutong.pack.UsageRecord;
import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.ts;
import io.hutong.storage.Sql;
import io.hutong.web.OrderItem;
import io.hutong.web.SortOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The user_pack, pack_node and pack_usage tables. */
@Repository
public class PackStore {

    /** The status a pack has at :now, whether or not the sweep has recorded it yet. */
    static final String STATUS_AT_NOW =
            "(case when p.status <> 'outOfTime' and p.deadline <= :now then 'outOfTime' else p.status end)";
    /** Remaining milliseconds at :now (see {@link Pack#remaining}). */
    static final String REMAINING_AT_NOW = """
            (case when p.status = 'outOfTime' or p.deadline <= :now then 0
                  when p.deadline is not null then floor(extract(epoch from (p.deadline - :now)) * 1000)
                  when p.duration_type = 'timing' then p.total_millis - p.used_millis
                  else 0 end)""";

    private static final Map<String, String> PACK_ORDER = orderKeys(
            "userPackId", "p.id",
            "packName", "p.pack_name",
            "userPackStatus", STATUS_AT_NOW,
            "packDurationType", "p.duration_type",
            "duration", REMAINING_AT_NOW,
            "buyDatetime", "p.buy_time",
            "purchasingTime", "p.buy_time");

    private static final Map<String, String> USAGE_ORDER = orderKeys(
            "usageRecordId", "u.id",
            "logId", "u.id",
            "packId", "u.pack_id",
            "trainName", "u.train_name",
            "trainId", "u.train_id",
            "userName", "u.user_name",
            "duration", "(coalesce(u.end_time, :now) - u.start_time)",
            "createTime", "u.start_time",
            "startTime", "u.start_time",
            "endTime", "u.end_time",
            "finishTime", "u.end_time");

    /** One of a pack row's nodes, joined as {@code n}: a pack has a row per node (one with nulls when it has none). */
    private static final String NODE_COLUMNS = "n.id as node_id, n.node_name, n.node_type, n.cpu_count, n.gpu_count, "
            + "n.memory_size, n.node_count";

    private final JdbcClient jdbc;

    PackStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param userId whose packs; null for every user's (an admin's view) */
    public record PackFilter(Long userId, PackStatus status, DurationType durationType, boolean onlyUsable) {
    }

    public record PageOf<T>(List<T> rows, long total) {
    }

    public PageOf<Pack> packs(PackFilter filter, List<OrderItem> order, int pageNum, int pageSize, Instant now) {
        StringBuilder where = new StringBuilder(" from user_pack p where true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.userId() != null) {
            where.append(" and p.user_id = :user");
            params.put("user", filter.userId());
        }
        params.put("now", ts(now));
        if (filter.status() != null) {
            where.append(" and ").append(STATUS_AT_NOW).append(" = :status");
            params.put("status", filter.status().code());
        }
        if (filter.durationType() != null) {
            where.append(" and p.duration_type = :type");
            params.put("type", filter.durationType().code());
        }
        if (filter.onlyUsable()) {
            where.append(" and ").append(STATUS_AT_NOW).append(" = 'free' and ").append(REMAINING_AT_NOW)
                    .append(" > 0 and (p.activity_start is null or p.activity_start <= :now)");
        }
        String orderBy = SortOrder.orderBy(order, PACK_ORDER, "p.buy_time desc", "p.id");
        long[] total = {-1};
        // one round trip: the page, the total and each row's nodes; the total is counted apart from the page
        // (an index-only scan when unfiltered) so that only the page's rows are read from the table, and the
        // page keeps the alias p so that the same order expressions sort it again after the join
        PackFolder folder = new PackFolder();
        jdbc.sql("select p.*, (select count(*)" + where + ") as total, " + NODE_COLUMNS + " from (select p.*" + where
                        + " order by " + orderBy + " limit :limit offset :offset) p left join pack_node n "
                        + "on n.pack_id = p.id order by " + orderBy + ", n.position")
                .params(params).param("limit", pageSize).param("offset", (long) (pageNum - 1) * pageSize)
                .query(rs -> {
                    total[0] = rs.getLong("total");
                    folder.add(rs);
                });
        if (total[0] < 0) {
            total[0] = jdbc.sql("select count(*)" + where).params(params).query(Long.class).single();
        }
        return new PageOf<>(folder.packs(), total[0]);
    }

    public Optional<Pack> pack(long id) {
        PackFolder folder = new PackFolder();
        jdbc.sql("select q.*, " + NODE_COLUMNS + " from user_pack q left join pack_node n on n.pack_id = q.id "
                + "where q.id = ? order by n.position").param(id).query(folder::add);
        return folder.packs().stream().findFirst();
    }

    /** Locks the pack row for a state change; callers run inside a transaction. */
    public Optional<Pack> lock(long id) {
        return jdbc.sql("select p.* from user_pack p where p.id = ? for update").param(id)
                .query((rs, n) -> packWithoutNodes(rs)).optional();
    }

    /** Packs due to run out at {@code now}, locked, skipping rows another replica is handling. */
    public List<Pack> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                select p.* from user_pack p where p.status <> 'outOfTime' and p.deadline <= ?
                order by p.deadline limit ? for update skip locked""")
                .params(ts(now), limit).query((rs, n) -> packWithoutNodes(rs)).list();
    }

    public long insert(long userId, String name, DurationType type, Long totalMillis, Instant activityStart,
            Instant activityEnd, Instant buyTime, PackStatus status, Instant deadline, Instant now) {
        return jdbc.sql("""
                insert into user_pack (user_id, pack_name, duration_type, status, total_millis, activity_start,
                    activity_end, buy_time, deadline, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(userId, name, type.code(), status.code(), totalMillis, ts(activityStart), ts(activityEnd),
                        ts(buyTime), ts(deadline), ts(now))
                .query(Long.class).single();
    }

    public void insertNode(long packId, int position, String name, NodeType type, int cpu, int gpu, long memory, int count) {
        jdbc.sql("""
                insert into pack_node (pack_id, position, node_name, node_type, cpu_count, gpu_count, memory_size,
                    node_count) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(packId, position, name, type.code(), cpu, gpu, memory, count).update();
    }

    public void startTraining(long packId, long usageId, Instant startedAt, Instant deadline) {
        jdbc.sql("""
                update user_pack set status = 'training', training_usage_id = ?, training_started_at = ?, deadline = ?
                where id = ?""")
                .params(usageId, ts(startedAt), ts(deadline), packId).update();
    }

    /** Ends the running training: adds its time, sets the new status and deadline. */
    public void endTraining(long packId, long addedMillis, PackStatus status, Instant deadline) {
        jdbc.sql("""
                update user_pack set status = ?, used_millis = used_millis + ?, training_usage_id = null,
                    training_started_at = null, deadline = ? where id = ?""")
                .params(status.code(), addedMillis, ts(deadline), packId).update();
    }

    public void markOutOfTime(long packId) {
        jdbc.sql("update user_pack set status = 'outOfTime', deadline = null where id = ?").param(packId).update();
    }

    public long insertUsage(long packId, long userId, String userName, String trainId, String trainName, Instant start) {
        return jdbc.sql("""
                insert into pack_usage (pack_id, user_id, user_name, train_id, train_name, start_time)
                values (?, ?, ?, ?, ?, ?) returning id""")
                .params(packId, userId, userName, trainId, trainName, ts(start)).query(Long.class).single();
    }

    public void closeUsage(long usageId, Instant end, String reason) {
        jdbc.sql("update pack_usage set end_time = ?, end_reason = ? where id = ? and end_time is null")
                .params(ts(end), reason, usageId).update();
    }

    public Optional<UsageRecord> usage(long id) {
        return jdbc.sql("select u.* from pack_usage u where u.id = ?").param(id).query(PackStore::usage).optional();
    }

    public PageOf<UsageRecord> usages(long userId, List<OrderItem> order, int pageNum, int pageSize, Instant now) {
        String orderBy = SortOrder.orderBy(order, USAGE_ORDER, "u.start_time desc", "u.id desc");
        List<UsageRecord> rows = new ArrayList<>();
        long[] total = {-1};
        jdbc.sql("select u.*, count(*) over () as total from pack_usage u where u.user_id = :user order by "
                        + orderBy + " limit :limit offset :offset")
                .param("user", userId).param("now", ts(now)).param("limit", pageSize)
                .param("offset", (long) (pageNum - 1) * pageSize)
                .query(rs -> {
                    total[0] = rs.getLong("total");
                    rows.add(usage(rs, 0));
                });
        if (total[0] < 0) {
            total[0] = jdbc.sql("select count(*) from pack_usage where user_id = ?").param(userId)
                    .query(Long.class).single();
        }
        return new PageOf<>(rows, total[0]);
    }

    /** A pack's usage records, newest first, at most {@code limit}. */
    public List<UsageRecord> usagesOf(long packId, int limit) {
        return jdbc.sql("select u.* from pack_usage u where u.pack_id = ? order by u.start_time desc, u.id desc limit ?")
                .params(packId, limit).query(PackStore::usage).list();
    }

    /** Folds rows of packs joined with their nodes, a pack's rows next to each other, into packs. */
    private static final class PackFolder {

        private final List<Pack> packs = new ArrayList<>();
        /** The nodes of the last pack, which holds a read-only view of them while its rows are read. */
        private List<PackNode> nodes;

        void add(ResultSet rs) throws SQLException {
            long id = rs.getLong("id");
            if (packs.isEmpty() || packs.get(packs.size() - 1).id() != id) {
                nodes = new ArrayList<>();
                packs.add(packRow(rs, Collections.unmodifiableList(nodes)));
            }
            long nodeId = rs.getLong("node_id");
            if (!rs.wasNull()) {
                nodes.add(new PackNode(nodeId, rs.getString("node_name"), NodeType.ofCode(rs.getString("node_type")),
                        rs.getInt("cpu_count"), rs.getInt("gpu_count"), rs.getLong("memory_size"),
                        rs.getInt("node_count")));
            }
        }

        List<Pack> packs() {
            return packs;
        }
    }

    private static Pack packWithoutNodes(ResultSet rs) throws SQLException {
        return packRow(rs, List.of());
    }

    private static Pack packRow(ResultSet rs, List<PackNode> nodes) throws SQLException {
        return new Pack(rs.getLong("id"), rs.getLong("user_id"), rs.getString("pack_name"),
                DurationType.ofCode(rs.getString("duration_type")), PackStatus.ofCode(rs.getString("status")),
                Sql.nullableLong(rs, "total_millis"), rs.getLong("used_millis"), instant(rs, "activity_start"), instant(rs, "activity_end"),
                instant(rs, "buy_time"), Sql.nullableLong(rs, "training_usage_id"), instant(rs, "training_started_at"), instant(rs, "deadline"), nodes);
    }

    private static UsageRecord usage(ResultSet rs, int row) throws SQLException {
        return new UsageRecord(rs.getLong("id"), rs.getLong("pack_id"), rs.getLong("user_id"),
                rs.getString("user_name"), rs.getString("train_id"), rs.getString("train_name"),
                instant(rs, "start_time"), instant(rs, "end_time"), rs.getString("end_reason"));
    }

    private static Map<String, String> orderKeys(String... pairs) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            keys.put(pairs[i], pairs[i + 1]);
        }
        return keys;
    }
}

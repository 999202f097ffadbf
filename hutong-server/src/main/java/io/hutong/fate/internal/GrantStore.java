package io.hutong.fate.internal;

import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.ts;

import io.hutong.fate.internal.Permissions.DatasetRef;
import io.hutong.fate.internal.Permissions.Decision;
import io.hutong.fate.internal.Permissions.LogEntry;
import io.hutong.fate.internal.Permissions.PermissionCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The fate_grant and fate_permission_log tables. */
@Repository
class GrantStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    GrantStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<String> components(String partyId) {
        return jdbc.sql("select component from fate_grant where party_id = ? and component is not null order by component")
                .param(partyId).query(String.class).list();
    }

    List<DatasetRef> datasets(String partyId) {
        return jdbc.sql("""
                select dataset_namespace, dataset_name from fate_grant where party_id = ? and component is null
                order by dataset_namespace, dataset_name""")
                .param(partyId)
                .query((rs, n) -> new DatasetRef(rs.getString("dataset_namespace"), rs.getString("dataset_name")))
                .list();
    }

    List<String> parties() {
        return jdbc.sql("select distinct party_id from fate_grant order by party_id").query(String.class).list();
    }

    /**
     * Replaces the party's grants; callers run inside a transaction. Replaces of one party wait for
     * each other (the last one wins) instead of colliding on the unique indexes.
     */
    void replace(String partyId, List<String> components, List<DatasetRef> datasets) {
        jdbc.sql("select 1 from pg_advisory_xact_lock(hashtext('fate_grant'), hashtext(?))").param(partyId)
                .query(Integer.class).single();
        jdbc.sql("delete from fate_grant where party_id = ?").param(partyId).update();
        for (String component : components) {
            jdbc.sql("insert into fate_grant (party_id, component) values (?, ?)").params(partyId, component).update();
        }
        for (DatasetRef dataset : datasets) {
            jdbc.sql("insert into fate_grant (party_id, dataset_namespace, dataset_name) values (?, ?, ?)")
                    .params(partyId, dataset.namespace(), dataset.name()).update();
        }
    }

    void log(Instant at, PermissionCheck check, Decision decision) {
        jdbc.sql("""
                insert into fate_permission_log (decided_at, src_party_id, src_role, role, party_id, initiator,
                    component_list, dataset_list, allowed, code, msg)
                values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?)""")
                .params(ts(at), check.srcPartyId(), check.srcRole(), check.role(), check.partyId(),
                        check.initiator() == null ? null : json.writeValueAsString(check.initiator()),
                        json.writeValueAsString(check.components()), json.writeValueAsString(check.datasets()),
                        decision.allowed(), decision.code(), decision.msg())
                .update();
    }

    List<LogEntry> log(String srcPartyId, Boolean allowed, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select * from fate_permission_log where true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (srcPartyId != null) {
            sql.append(" and src_party_id = :party");
            params.put("party", srcPartyId);
        }
        if (allowed != null) {
            sql.append(" and allowed = :allowed");
            params.put("allowed", allowed);
        }
        if (beforeId != null) {
            sql.append(" and id < :before");
            params.put("before", beforeId);
        }
        sql.append(" order by id desc limit :limit");
        params.put("limit", limit);
        List<LogEntry> entries = new ArrayList<>();
        jdbc.sql(sql.toString()).params(params).query(rs -> {
            entries.add(new LogEntry(rs.getLong("id"), instant(rs, "decided_at"), rs.getString("src_party_id"),
                    rs.getString("src_role"), rs.getString("role"), rs.getString("party_id"),
                    json.readTree(rs.getString("component_list")), json.readTree(rs.getString("dataset_list")),
                    rs.getBoolean("allowed"), rs.getInt("code"), rs.getString("msg")));
        });
        return entries;
    }
}

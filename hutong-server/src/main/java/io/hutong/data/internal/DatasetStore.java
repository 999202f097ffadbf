package io.hutong.data.internal;

import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.ts;

import io.hutong.data.Dataset;
import io.hutong.data.DatasetId;
import io.hutong.data.JobOutput;
import io.hutong.storage.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The dataset table. */
@Repository
class DatasetStore {

    private static final String COLUMNS = """
            namespace, name, owner_user_id, owner_name, columns, row_count, size_bytes, created_at,
            job_id, task_name, role, role_index, output_key""";
    private static final String VALUES = ":namespace, :name, :owner, :ownerName, :columns, :rows, :size, :createdAt, "
            + ":jobId, :taskName, :role, :roleIndex, :outputKey";
    /** Rows the reader may see: every row when :everyone, else the reader's and the node's. */
    private static final String READABLE = "(:everyone or owner_user_id is null or owner_user_id = :reader)";

    private final JdbcClient jdbc;

    DatasetStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Dataset> find(DatasetId id) {
        return jdbc.sql("select * from dataset where namespace = ? and name = ?").params(id.namespace(), id.name())
                .query(DatasetStore::dataset).optional();
    }

    /** The row, locked until the transaction ends. */
    Optional<Dataset> lock(DatasetId id) {
        return jdbc.sql("select * from dataset where namespace = ? and name = ? for update")
                .params(id.namespace(), id.name()).query(DatasetStore::dataset).optional();
    }

    /** Inserts the row unless one is there (or being inserted and then committed); returns whether it did. */
    boolean insertNew(Dataset dataset) {
        return bind(jdbc.sql("insert into dataset (" + COLUMNS + ") values (" + VALUES + ")"
                + " on conflict (namespace, name) do nothing"), dataset).update() == 1;
    }

    /** Inserts the row, or makes the one of the same location this one. */
    void save(Dataset dataset) {
        bind(jdbc.sql("insert into dataset (" + COLUMNS + ") values (" + VALUES + ")"
                + " on conflict (namespace, name) do update set (" + COLUMNS + ") = (" + VALUES + ")"), dataset)
                .update();
    }

    void delete(DatasetId id) {
        jdbc.sql("delete from dataset where namespace = ? and name = ?").params(id.namespace(), id.name()).update();
    }

    /**
     * Newest first.
     *
     * @param reader the user whose readable rows are listed; null: every row
     * @param namespace, jobId filters; null: any
     */
    DatasetPage page(Long reader, String namespace, String jobId, int pageNum, int pageSize) {
        String where = " from dataset where " + READABLE
                + " and (cast(:namespace as text) is null or namespace = :namespace)"
                + " and (cast(:jobId as text) is null or job_id = :jobId)";
        long total = jdbc.sql("select count(*)" + where)
                .param("everyone", reader == null).param("reader", reader == null ? 0 : reader)
                .param("namespace", namespace).param("jobId", jobId).query(Long.class).single();
        List<Dataset> rows = jdbc.sql("select *" + where + " order by created_at desc, id desc limit :limit offset :offset")
                .param("everyone", reader == null).param("reader", reader == null ? 0 : reader)
                .param("namespace", namespace).param("jobId", jobId)
                .param("limit", pageSize).param("offset", (long) (pageNum - 1) * pageSize)
                .query(DatasetStore::dataset).list();
        return new DatasetPage(rows, total);
    }

    List<Dataset> outputsOf(String jobId) {
        return jdbc.sql("select * from dataset where job_id = ? order by task_name, role, role_index, output_key")
                .param(jobId).query(DatasetStore::dataset).list();
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Dataset dataset) {
        JobOutput output = dataset.jobOutput();
        return statement.param("namespace", dataset.id().namespace()).param("name", dataset.id().name())
                .param("owner", dataset.ownerId()).param("ownerName", dataset.ownerName())
                .param("columns", dataset.columns().toArray(String[]::new)).param("rows", dataset.rows())
                .param("size", dataset.size()).param("createdAt", ts(dataset.createdAt()))
                .param("jobId", output == null ? null : output.jobId())
                .param("taskName", output == null ? null : output.taskName())
                .param("role", output == null ? null : output.role())
                .param("roleIndex", output == null ? null : output.roleIndex())
                .param("outputKey", output == null ? null : output.outputKey());
    }

    private static Dataset dataset(ResultSet rs, int row) throws SQLException {
        String jobId = rs.getString("job_id");
        JobOutput output = jobId == null ? null : new JobOutput(jobId, rs.getString("task_name"), rs.getString("role"),
                rs.getInt("role_index"), rs.getString("output_key"));
        return new Dataset(new DatasetId(rs.getString("namespace"), rs.getString("name")),
                Sql.nullableLong(rs, "owner_user_id"), rs.getString("owner_name"),
                List.of((String[]) rs.getArray("columns").getArray()), rs.getLong("row_count"),
                rs.getLong("size_bytes"), instant(rs, "created_at"), output);
    }
}

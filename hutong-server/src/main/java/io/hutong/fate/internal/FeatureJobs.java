package io.hutong.fate.internal;

import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.nullableLong;
import static io.hutong.storage.Sql.ts;

import io.hutong.fate.internal.Datasets.DatasetVersion;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import jakarta.annotation.PreDestroy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * ApiReader jobs: {@code upload} stores FATE's ids and starts a join with a dataset version in the
 * background, {@code query} reports it, {@code download} streams the result as CSV. Ids, join and
 * result stay in PostgreSQL end to end, so the heap holds a bounded window of any size of upload.
 */
@Service
public class FeatureJobs {

    private static final Logger log = LoggerFactory.getLogger(FeatureJobs.class);
    /** Rows a download fetches per round trip: the bound on what it holds in memory. */
    static final int FETCH_SIZE = 5_000;
    /** PostgreSQL memory for one join (server side, not the node's heap). */
    private static final String JOIN_WORK_MEM = "128MB";

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final Datasets datasets;
    private final FateProperties fate;
    private final Clock clock;
    private final ExecutorService joins;
    private volatile boolean stopping;

    FeatureJobs(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactionManager, Datasets datasets,
            FateProperties fate, Clock clock) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.transactions = new TransactionTemplate(transactionManager);
        this.datasets = datasets;
        this.fate = fate;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.joins = Executors.newFixedThreadPool(fate.jobThreads(), task -> {
            Thread thread = new Thread(task, "fate-join-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public enum Status {
        RUNNING, SUCCESS, FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @param header the download's first line: the id column's name, then the feature columns */
    public record Job(String id, long seq, String fateJobId, Status status, String parameters, Long datasetVersionId,
            String header, long idCount, Long rowCount, String message, Instant createdAt, Instant finishedAt) {
    }

    /**
     * Stores the uploaded ids under a new job and starts its join. {@code requestBody} holds the user
     * parameters ({@code dataset}, {@code version}, optional {@code head}), FATE's {@code job_id} and
     * {@code sign} = md5 hex of the job id.
     */
    public String upload(String requestBody, IdFile file) {
        Map<String, Object> parameters = object("requestBody", requestBody);
        String fateJobId = PartyIds.of("requestBody.job_id", parameters.get("job_id"));
        if (fateJobId == null || fateJobId.isEmpty()) {
            throw ApiException.invalid("requestBody.job_id", "notBlank");
        }
        checkSign(parameters.get("sign"), fateJobId, "md5(job_id)");
        String dataset = text("requestBody.dataset", parameters.get("dataset"));
        if (dataset == null) {
            dataset = fate.defaultDataset();
            if (dataset == null) {
                throw ApiException.invalid("requestBody.dataset", "notBlank (no hutong.fate.default-dataset either)");
            }
        }
        DatasetVersion version = datasets.resolve(dataset, text("requestBody.version", parameters.get("version")));
        Boolean head = flag("requestBody.head", parameters.get("head"));
        String jobId = UUID.randomUUID().toString().replace("-", "");
        transactions.executeWithoutResult(status -> store(jobId, fateJobId, requestBody, version, head, file));
        submit(jobId);
        return jobId;
    }

    private void store(String jobId, String fateJobId, String parameters, DatasetVersion version, Boolean head,
            IdFile file) {
        try {
            String first = file.nextLine();
            boolean isHeader = first != null && (head != null ? head
                    : file.namedLikeFate1112() || first.strip().equalsIgnoreCase(version.idColumn()));
            String idName = isHeader && first.indexOf(',') < 0 ? first.strip() : version.idColumn();
            String header = version.columns().isEmpty() ? idName : idName + "," + String.join(",", version.columns());
            String seq = jdbc.sql("""
                    insert into fate_job (id, fate_job_id, parameters, dataset_version_id, header, status, id_count,
                        created_at) values (?, ?, ?, ?, ?, 'running', 0, ?) returning seq""")
                    .params(jobId, fateJobId, parameters, version.id(), header, ts(clock.instant()))
                    .query(String.class).single();
            String pending = isHeader ? null : first;
            long count = PgCopy.in(dataSource, "copy fate_job_id (job_seq, pos, id) from stdin (format csv)", out -> {
                long pos = 0;
                for (String id = pending != null ? pending : file.nextLine(); id != null; id = file.nextLine()) {
                    out.add(seq, Long.toString(pos++), id);
                }
            });
            jdbc.sql("update fate_job set id_count = ? where id = ?").params(count, jobId).update();
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("storing the uploaded ids failed", e);
        }
    }

    public Optional<Job> job(String jobId) {
        return jdbc.sql("select * from fate_job where id = ?").param(jobId).query(FeatureJobs::job).optional();
    }

    public List<Job> recent(int limit) {
        return jdbc.sql("select * from fate_job order by created_at desc, id limit ?").param(limit)
                .query(FeatureJobs::job).list();
    }

    /** The finished job a download asks for: {@code requestBody} = {"jobId": …, "sign": md5 hex of jobId}. */
    public Job downloadable(String requestBody) {
        Map<String, Object> parameters = object("requestBody", requestBody);
        String jobId = text("requestBody.jobId", parameters.get("jobId"));
        if (jobId == null) {
            throw ApiException.invalid("requestBody.jobId", "notBlank");
        }
        checkSign(parameters.get("sign"), jobId, "md5(jobId)");
        Job job = job(jobId).orElseThrow(() -> ApiException.notFound("no job " + jobId));
        if (job.status() != Status.SUCCESS) {
            throw new ApiException(ErrorKind.FAILURE, "job " + jobId + " is " + job.status().wire()
                    + (job.message() == null ? "" : ": " + job.message()) + "; download needs a successful job");
        }
        return job;
    }

    /** Writes the job's result: the header line, then one {@code id,features…} line per matched id, in upload order. */
    public void writeCsv(Job job, OutputStream target) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 1 << 16);
        out.write(job.header());
        out.write('\n');
        // no ',' in the header: the dataset has no feature columns and a line is the id alone
        boolean features = job.header().indexOf(',') >= 0;
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        cursor.setFetchSize(FETCH_SIZE);
        TransactionTemplate readOnly = new TransactionTemplate(transactions.getTransactionManager());
        readOnly.setReadOnly(true);
        try {
            readOnly.executeWithoutResult(status -> cursor.query(
                    "select id, features from fate_job_row where job_seq = ? order by pos", rs -> {
                        try {
                            out.write(rs.getString(1));
                            if (features) {
                                out.write(',');
                                out.write(rs.getString(2));
                            }
                            out.write('\n');
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, job.seq()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
    }

    private void submit(String jobId) {
        joins.execute(() -> join(jobId));
    }

    /** Joins the job's ids with its dataset version; several nodes may try, one does it. */
    void join(String jobId) {
        try {
            Long joined = transactions.execute(status -> {
                Job job = jdbc.sql("select * from fate_job where id = ? and status = 'running' for update skip locked")
                        .param(jobId).query(FeatureJobs::job).optional().orElse(null);
                if (job == null) {
                    return null;
                }
                if (job.datasetVersionId() == null) {
                    throw new IllegalStateException("its dataset version was deleted before the join ran");
                }
                // a hash join of a million ids fits in memory instead of spilling to disk in batches
                jdbc.sql("set local work_mem = '" + JOIN_WORK_MEM + "'").update();
                int rows = jdbc.sql("""
                        insert into fate_job_row (job_seq, pos, id, features)
                        select u.job_seq, u.pos, u.id, d.features from fate_job_id u
                        join fate_dataset_row d on d.version_id = ? and d.id = u.id
                        where u.job_seq = ?""")
                        .params(job.datasetVersionId(), job.seq()).update();
                jdbc.sql("update fate_job set status = 'success', row_count = ?, finished_at = ? where id = ?")
                        .params(rows, ts(clock.instant()), jobId).update();
                return job.seq();
            });
            if (joined != null) {
                // after the commit, so FATE sees success without waiting for it; retention removes leftovers
                jdbc.sql("delete from fate_job_id where job_seq = ?").param(joined).update();
            }
        } catch (RuntimeException e) {
            if (stopping) {
                // the node is shutting down: the job stays running and the next start picks it up
                return;
            }
            log.warn("FATE feature job {} failed", jobId, e);
            jdbc.sql("""
                    update fate_job set status = 'failed', message = ?, finished_at = ?
                    where id = ? and status = 'running'""")
                    .params("join failed: " + e.getMessage(), ts(clock.instant()), jobId).update();
        }
    }

    /** Jobs a stopped node left running are joined again after start. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeRunningJobs() {
        jdbc.sql("select id from fate_job where status = 'running' order by created_at").query(String.class).list()
                .forEach(this::submit);
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void dropExpiredJobs() {
        List<Long> expired = jdbc.sql("select seq from fate_job where status <> 'running' and created_at < ?")
                .param(ts(clock.instant().minus(fate.jobRetention()))).query(Long.class).list();
        for (long seq : expired) {
            transactions.executeWithoutResult(status -> {
                jdbc.sql("delete from fate_job_row where job_seq = ?").param(seq).update();
                jdbc.sql("delete from fate_job_id where job_seq = ?").param(seq).update();
                jdbc.sql("delete from fate_job where seq = ?").param(seq).update();
            });
        }
        if (!expired.isEmpty()) {
            log.info("Dropped {} FATE feature jobs older than {}", expired.size(), fate.jobRetention());
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        joins.shutdownNow();
    }

    /** FATE's sign: the md5 hex digest of the id it goes with. */
    static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code rule} names what the sign must be the digest of, e.g. {@code md5(job_id)}. */
    private static void checkSign(Object sign, String signed, String rule) {
        if (!(sign instanceof String text) || text.isBlank()) {
            throw ApiException.invalid("requestBody.sign", "notBlank");
        }
        if (!text.strip().equalsIgnoreCase(md5Hex(signed))) {
            throw ApiException.invalid("requestBody.sign", rule);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String field, String json) {
        if (json == null || json.isBlank()) {
            throw ApiException.invalid(field, "notBlank");
        }
        if (!(PythonJson.parse(json.getBytes(StandardCharsets.UTF_8), field) instanceof Map<?, ?> map)) {
            throw ApiException.invalid(field, "type(object)");
        }
        return (Map<String, Object>) map;
    }

    private static String text(String field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text.isBlank() ? null : text.strip();
        }
        if (value instanceof PythonJson.Num num) {
            return num.text();
        }
        throw ApiException.invalid(field, "type(string)");
    }

    private static Boolean flag(String field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        String text = value instanceof PythonJson.Num num ? num.text() : String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.invalid(field, "type(boolean)");
        };
    }

    private static Job job(ResultSet rs, int n) throws SQLException {
        return new Job(rs.getString("id"), rs.getLong("seq"), rs.getString("fate_job_id"),
                Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getString("parameters"),
                nullableLong(rs, "dataset_version_id"), rs.getString("header"), rs.getLong("id_count"), nullableLong(rs, "row_count"),
                rs.getString("message"), instant(rs, "created_at"), instant(rs, "finished_at"));
    }
}

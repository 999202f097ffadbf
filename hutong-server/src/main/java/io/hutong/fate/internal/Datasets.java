package io.hutong.fate.internal;

import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.ts;

import io.hutong.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * Feature datasets: versions of an id column plus feature columns, loaded from CSV by streaming it
 * into PostgreSQL. A version is loaded in one transaction, so it exists completely or not at all.
 */
@Service
public class Datasets {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvReadFeature.WRAP_AS_ARRAY).build();
    private static final Pattern DUPLICATE_ID = Pattern.compile("\\(version_id, id\\)=\\(\\d+, (.*)\\) already exists");

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Clock clock;

    Datasets(JdbcClient jdbc, DataSource dataSource, Clock clock) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** One loaded version; {@code columns} are the feature columns after the id column. */
    public record DatasetVersion(long id, String dataset, String version, String idColumn, List<String> columns,
            long rowCount, Instant createdAt) {
    }

    /**
     * Loads a new version from CSV with a header line. The id column is {@code idColumn}, or the first
     * column; ids must be unique and values must not contain ',' or line breaks (FATE splits its
     * download on ',').
     */
    @Transactional
    public DatasetVersion load(String dataset, String version, String idColumn, InputStream csv) {
        check("dataset", dataset);
        check("version", version);
        jdbc.sql("insert into fate_dataset (name, created_at) values (?, ?) on conflict (name) do nothing")
                .params(dataset, ts(clock.instant())).update();
        long datasetId = jdbc.sql("select id from fate_dataset where name = ?").param(dataset).query(Long.class).single();
        Reader reader = new InputStreamReader(csv, StandardCharsets.UTF_8);
        try (MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(reader)) {
            if (!rows.hasNext()) {
                throw ApiException.invalid("csv", "header line (id column, then feature columns)");
            }
            String[] header = rows.next();
            if (header.length > 0 && header[0].startsWith("\uFEFF")) {
                header[0] = header[0].substring(1);
            }
            int idIndex = idIndex(header, idColumn);
            List<String> columns = new ArrayList<>(Arrays.asList(header));
            columns.remove(idIndex);
            long versionId;
            try {
                versionId = jdbc.sql("""
                        insert into fate_dataset_version (dataset_id, version, id_column, columns, row_count, created_at)
                        values (?, ?, ?, ?, 0, ?) returning id""")
                        .params(datasetId, version, header[idIndex], columns.toArray(String[]::new), ts(clock.instant()))
                        .query(Long.class).single();
            } catch (DuplicateKeyException e) {
                throw ApiException.invalid("version", "unique (" + dataset + " already has version " + version + ")");
            }
            String versionText = Long.toString(versionId);
            long count = PgCopy.in(dataSource, "copy fate_dataset_row (version_id, id, features) from stdin (format csv)",
                    out -> {
                        // rows are counted, not located: a value spanning lines is refused before it could shift them
                        int line = 1;
                        while (rows.hasNext()) {
                            String[] row = rows.next();
                            line++;
                            if (row.length == 1 && row[0].isEmpty()) {
                                continue;
                            }
                            out.add(versionText, id(row, header.length, idIndex, line), features(row, idIndex, line));
                        }
                    });
            jdbc.sql("update fate_dataset_version set row_count = ? where id = ?").params(count, versionId).update();
            return version(versionId).orElseThrow();
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw ApiException.invalid("csv", "csv (" + where + e.getOriginalMessage() + ")");
        } catch (SQLException | IOException e) {
            throw duplicateIdOr(e);
        }
    }

    public List<DatasetVersion> list() {
        return jdbc.sql(VERSIONS + " order by d.name, v.id").query(Datasets::version).list();
    }

    /** The named version, or the dataset's newest when {@code version} is empty. */
    public DatasetVersion resolve(String dataset, String version) {
        check("dataset", dataset);
        if (version == null || version.isBlank()) {
            return jdbc.sql(VERSIONS + " where d.name = ? order by v.id desc limit 1").param(dataset)
                    .query(Datasets::version).optional()
                    .orElseThrow(() -> ApiException.notFound("no dataset " + dataset + " on this node"));
        }
        return jdbc.sql(VERSIONS + " where d.name = ? and v.version = ?").params(dataset, version.strip())
                .query(Datasets::version).optional()
                .orElseThrow(() -> ApiException.notFound("dataset " + dataset + " has no version " + version.strip()));
    }

    /** Drops a version and its rows; jobs that used it keep their results. */
    @Transactional
    public void delete(String dataset, String version) {
        DatasetVersion found = resolve(dataset, check("version", version));
        jdbc.sql("delete from fate_dataset_row where version_id = ?").param(found.id()).update();
        jdbc.sql("delete from fate_dataset_version where id = ?").param(found.id()).update();
    }

    private Optional<DatasetVersion> version(long id) {
        return jdbc.sql(VERSIONS + " where v.id = ?").param(id).query(Datasets::version).optional();
    }

    private static final String VERSIONS = """
            select v.*, d.name from fate_dataset_version v join fate_dataset d on d.id = v.dataset_id""";

    static String check(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.invalid(field, "pattern([A-Za-z0-9_.-]{1,128})");
        }
        return name;
    }

    private static int idIndex(String[] header, String idColumn) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.length; i++) {
            if (header[i].isBlank() || !seen.add(header[i]) || !fateSafe(header[i])) {
                throw ApiException.invalid("csv", "header (column " + (i + 1) + " is empty, repeated or holds ',')");
            }
        }
        if (idColumn == null || idColumn.isBlank()) {
            return 0;
        }
        int index = Arrays.asList(header).indexOf(idColumn.strip());
        if (index < 0) {
            throw ApiException.invalid("idColumn", "oneOf(" + String.join(",", header) + ")");
        }
        return index;
    }

    private static String id(String[] row, int width, int idIndex, int line) {
        if (row.length != width) {
            throw ApiException.invalid("csv", "columns (line " + line + " has " + row.length + " values, the header "
                    + width + ")");
        }
        String id = row[idIndex];
        if (id.isEmpty() || !fateSafe(id)) {
            throw ApiException.invalid("csv", "id (line " + line + ": the id is empty or holds ',' or a line break)");
        }
        return id;
    }

    private static String features(String[] row, int idIndex, int line) {
        StringBuilder features = new StringBuilder();
        boolean first = true;
        for (int i = 0; i < row.length; i++) {
            if (i == idIndex) {
                continue;
            }
            if (!fateSafe(row[i])) {
                throw ApiException.invalid("csv", "values (line " + line + ", column " + (i + 1)
                        + " holds ',' or a line break, which FATE cannot read back)");
            }
            if (!first) {
                features.append(',');
            }
            first = false;
            features.append(row[i]);
        }
        return features.toString();
    }

    private static boolean fateSafe(String value) {
        return value.indexOf(',') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
    }

    private static RuntimeException duplicateIdOr(Exception e) {
        SQLException sql = PgCopy.sqlCause(e);
        if (sql != null && "23505".equals(sql.getSQLState())) {
            Matcher duplicate = DUPLICATE_ID.matcher(String.valueOf(sql.getMessage()));
            return ApiException.invalid("csv", "uniqueIds (" + (duplicate.find() ? "id " + duplicate.group(1)
                    + " appears more than once" : "an id appears more than once") + ")");
        }
        return new IllegalStateException("loading the dataset failed", e);
    }

    private static DatasetVersion version(ResultSet rs, int n) throws SQLException {
        Array columns = rs.getArray("columns");
        return new DatasetVersion(rs.getLong("id"), rs.getString("name"), rs.getString("version"),
                rs.getString("id_column"), List.of((String[]) columns.getArray()), rs.getLong("row_count"),
                instant(rs, "created_at"));
    }
}

package io.hutong.fate.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Streams rows into PostgreSQL with {@code COPY … FROM STDIN (FORMAT csv)}: rows go out in 64 KiB
 * chunks as they are produced, so a load of any size holds one chunk in memory. Runs on the
 * caller's transaction, which rolls the whole load back on a failure.
 */
final class PgCopy {

    private static final int CHUNK = 1 << 16;

    private PgCopy() {
    }

    /** Receives the rows of a COPY; text fields are quoted, so any character survives. */
    interface Rows {
        void write(Row row) throws IOException;
    }

    interface Row {
        void add(String... fields) throws IOException;
    }

    /** Runs {@code copySql} (a {@code COPY … FROM STDIN (FORMAT csv)}) over the rows; returns how many were stored. */
    static long in(DataSource dataSource, String copySql, Rows rows) throws SQLException, IOException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            PGCopyOutputStream copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class), copySql, CHUNK);
            try {
                Writer out = new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), CHUNK);
                rows.write(fields -> {
                    for (int i = 0; i < fields.length; i++) {
                        if (i > 0) {
                            out.write(',');
                        }
                        out.write('"');
                        String field = fields[i];
                        out.write(field.indexOf('"') < 0 ? field : field.replace("\"", "\"\""));
                        out.write('"');
                    }
                    out.write('\n');
                });
                out.flush();
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** The PostgreSQL error behind a failed COPY, when there is one. */
    static SQLException sqlCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}

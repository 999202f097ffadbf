package io.hutong.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants to and from {@code timestamptz} columns, independent of the JVM's default zone; SQL snippets. */
public final class Sql {

    /**
     * For the {@code returning} list of an autocommitted write whose loss in a crash of the machine
     * is harmless (a nonce seen, an outbox lease): evaluated for each row written, it lets that
     * statement's transaction commit without waiting for the WAL to reach the disk
     * ({@code synchronous_commit} off for that transaction only). The row is still written; only a
     * crash of the machine, not of the node, can lose it, within a fraction of a second.
     */
    public static final String NO_FLUSH_WAIT = "set_config('synchronous_commit', 'off', true)";

    private Sql() {
    }

    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A nullable bigint column. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}

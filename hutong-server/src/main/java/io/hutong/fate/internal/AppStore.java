package io.hutong.fate.internal;

import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The fate_app and fate_client_nonce tables. */
@Repository
class AppStore {

    private final JdbcClient jdbc;

    AppStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record AppRow(String appKey, String name, byte[] secretSealed, Instant createdAt) {
    }

    Optional<AppRow> find(String appKey) {
        return jdbc.sql("select * from fate_app where app_key = ?").param(appKey).query(AppStore::row).optional();
    }

    List<AppRow> all() {
        return jdbc.sql("select * from fate_app order by created_at, app_key").query(AppStore::row).list();
    }

    boolean insert(String appKey, String name, byte[] secretSealed, Instant now) {
        return jdbc.sql("insert into fate_app (app_key, name, secret_enc, created_at) values (?, ?, ?, ?) "
                        + "on conflict (app_key) do nothing")
                .params(appKey, name, secretSealed, ts(now)).update() == 1;
    }

    boolean delete(String appKey) {
        return jdbc.sql("delete from fate_app where app_key = ?").param(appKey).update() == 1;
    }

    /** Records a NONCE; false when the app used it before (a replay). */
    boolean firstUse(String appKey, String nonce, Instant now) {
        return jdbc.sql("insert into fate_client_nonce (app_key, nonce, seen_at) values (?, ?, ?) on conflict do nothing")
                .params(appKey, nonce, ts(now)).update() == 1;
    }

    int forgetNoncesBefore(Instant cutoff) {
        return jdbc.sql("delete from fate_client_nonce where seen_at < ?").param(ts(cutoff)).update();
    }

    private static AppRow row(ResultSet rs, int n) throws SQLException {
        return new AppRow(rs.getString("app_key"), rs.getString("name"), rs.getBytes("secret_enc"),
                instant(rs, "created_at"));
    }
}

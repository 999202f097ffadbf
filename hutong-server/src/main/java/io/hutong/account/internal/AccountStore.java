package io.hutong.account.internal;

import io.hutong.web.Paging;
import io.hutong.account.CurrentUser;
import io.hutong.account.Users;
import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.ts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The app_user and api_token tables. */
@Repository
public class AccountStore implements Users {

    private static final String USER_COLUMNS = "id, name, display_name, admin";

    private final JdbcClient jdbc;

    AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<CurrentUser> findById(long id) {
        return jdbc.sql("select " + USER_COLUMNS + " from app_user where id = ?").param(id)
                .query(AccountStore::user).optional();
    }

    @Override
    public Optional<CurrentUser> findByName(String name) {
        return jdbc.sql("select " + USER_COLUMNS + " from app_user where name = ?").param(name)
                .query(AccountStore::user).optional();
    }

    public List<CurrentUser> users(Paging page) {
        return jdbc.sql("select " + USER_COLUMNS + " from app_user order by id limit ? offset ?")
                .params(page.limit(), page.offset()).query(AccountStore::user).list();
    }

    public long countUsers() {
        return jdbc.sql("select count(*) from app_user").query(Long.class).single();
    }

    public CurrentUser createUser(String name, String displayName) {
        return jdbc.sql("insert into app_user (name, display_name) values (?, ?) returning " + USER_COLUMNS)
                .params(name, displayName).query(AccountStore::user).single();
    }

    CurrentUser admin() {
        return jdbc.sql("select " + USER_COLUMNS + " from app_user where admin order by id limit 1")
                .query(AccountStore::user).single();
    }

    TokenRecord insertToken(long userId, byte[] hash, String hint, String label, Instant createdAt, Instant expiresAt) {
        return jdbc.sql("""
                insert into api_token (user_id, token_hash, hint, label, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?) returning *""")
                .params(userId, hash, hint, label, ts(createdAt), ts(expiresAt))
                .query(AccountStore::token).single();
    }

    Optional<TokenRecord> tokenByHash(byte[] hash) {
        return jdbc.sql("select * from api_token where token_hash = ?").param(hash).query(AccountStore::token).optional();
    }

    /** The token with this hash and its user, in one query: this runs on every authenticated request. */
    Optional<Authenticated> authenticate(byte[] hash) {
        return jdbc.sql("""
                select u.id, u.name, u.display_name, u.admin, t.expires_at, t.revoked_at
                from api_token t join app_user u on u.id = t.user_id where t.token_hash = ?""")
                .param(hash)
                .query((rs, n) -> new Authenticated(user(rs, n), instant(rs, "expires_at"), instant(rs, "revoked_at")))
                .optional();
    }

    record Authenticated(CurrentUser user, Instant expiresAt, Instant revokedAt) {
    }

    Optional<TokenRecord> token(long id) {
        return jdbc.sql("select * from api_token where id = ?").param(id).query(AccountStore::token).optional();
    }

    public List<TokenRecord> tokensOf(long userId) {
        return jdbc.sql("select * from api_token where user_id = ? order by id").param(userId)
                .query(AccountStore::token).list();
    }

    boolean hasAnyToken(long userId) {
        return jdbc.sql("select exists (select 1 from api_token where user_id = ?)").param(userId)
                .query(Boolean.class).single();
    }

    void revoke(long id, Instant at) {
        jdbc.sql("update api_token set revoked_at = ? where id = ? and revoked_at is null")
                .params(ts(at), id).update();
    }

    void reactivate(long id) {
        jdbc.sql("update api_token set revoked_at = null, expires_at = null where id = ?").param(id).update();
    }

    private static CurrentUser user(ResultSet rs, int row) throws SQLException {
        return new CurrentUser(rs.getLong("id"), rs.getString("name"), rs.getString("display_name"),
                rs.getBoolean("admin"));
    }

    private static TokenRecord token(ResultSet rs, int row) throws SQLException {
        return new TokenRecord(rs.getLong("id"), rs.getLong("user_id"), rs.getString("hint"), rs.getString("label"),
                instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"));
    }

    /** A stored token, without its secret. */
    public record TokenRecord(long id, long userId, String hint, String label, Instant createdAt, Instant expiresAt,
            Instant revokedAt) {
    }
}

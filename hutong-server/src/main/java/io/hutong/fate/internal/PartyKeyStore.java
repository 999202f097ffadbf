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

/** The fate_party_key table. */
@Repository
class PartyKeyStore {

    private final JdbcClient jdbc;

    PartyKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored key; {@code privateKeySealed} is null for a party whose public key only is known. */
    record KeyRow(String partyId, SignatureAlgorithm algorithm, String publicKeyPem, byte[] privateKeySealed,
            long revision, Instant createdAt, Instant updatedAt) {
    }

    Optional<KeyRow> find(String partyId) {
        return jdbc.sql("select * from fate_party_key where party_id = ?").param(partyId)
                .query(PartyKeyStore::row).optional();
    }

    List<KeyRow> all() {
        return jdbc.sql("select * from fate_party_key order by party_id").query(PartyKeyStore::row).list();
    }

    /** Creates the party's key only when it has none; false when one already exists. */
    boolean insertIfAbsent(String partyId, SignatureAlgorithm algorithm, String publicKeyPem, byte[] privateSealed,
            Instant now) {
        return jdbc.sql("""
                insert into fate_party_key (party_id, algorithm, public_key_pem, private_key_enc, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?) on conflict (party_id) do nothing""")
                .params(partyId, algorithm.name(), publicKeyPem, privateSealed, ts(now), ts(now)).update() == 1;
    }

    void upsert(String partyId, SignatureAlgorithm algorithm, String publicKeyPem, byte[] privateSealed, Instant now) {
        jdbc.sql("""
                insert into fate_party_key (party_id, algorithm, public_key_pem, private_key_enc, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (party_id) do update set algorithm = excluded.algorithm,
                    public_key_pem = excluded.public_key_pem, private_key_enc = excluded.private_key_enc,
                    revision = fate_party_key.revision + 1, updated_at = excluded.updated_at""")
                .params(partyId, algorithm.name(), publicKeyPem, privateSealed, ts(now), ts(now)).update();
    }

    boolean updateAlgorithm(String partyId, SignatureAlgorithm algorithm, Instant now) {
        return jdbc.sql("""
                update fate_party_key set algorithm = ?, revision = revision + 1, updated_at = ?
                where party_id = ?""")
                .params(algorithm.name(), ts(now), partyId).update() == 1;
    }

    boolean delete(String partyId) {
        return jdbc.sql("delete from fate_party_key where party_id = ?").param(partyId).update() == 1;
    }

    private static KeyRow row(ResultSet rs, int n) throws SQLException {
        return new KeyRow(rs.getString("party_id"), SignatureAlgorithm.valueOf(rs.getString("algorithm")),
                rs.getString("public_key_pem"), rs.getBytes("private_key_enc"), rs.getLong("revision"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}

package io.hutong.trust.internal;

import io.hutong.core.SecretBox;
import static io.hutong.storage.Sql.ts;

import io.hutong.node.LocalNode;
import io.hutong.protocol.Certificates;
import io.hutong.protocol.NodeCard;
import io.hutong.protocol.SignatureAlgorithm;
import io.hutong.storage.Sql;
import io.hutong.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's signing keys: generated on first start for {@code hutong.trust.algorithm} (or read
 * from the certificate files for CERT), kept in the database with the private key encrypted, and
 * rotated on demand. Another replica's rotation is seen within {@code cache-ttl}.
 */
@Component
class NodeKeys implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(NodeKeys.class);

    /** A key of this node; {@code chain} only for CERT. */
    record LocalKey(String id, SignatureAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey,
            List<X509Certificate> chain, Instant retiredAt) {

        NodeCard card(String nodeId, String baseUrl) {
            return algorithm == SignatureAlgorithm.CERT ? NodeCard.of(nodeId, baseUrl, chain)
                    : NodeCard.of(nodeId, baseUrl, algorithm, publicKey);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SecretBox secrets;
    private final TrustProperties properties;
    private final LocalNode local;
    private final Clock clock;
    private final Map<String, LocalKey> byId = new ConcurrentHashMap<>();
    private volatile LocalKey active;
    private volatile Instant activeReadAt = Instant.MIN;

    NodeKeys(JdbcClient jdbc, TransactionTemplate tx, SecretBox secrets, TrustProperties properties, LocalNode local,
            Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.secrets = secrets;
        this.properties = properties;
        this.local = local;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (properties.algorithm() == SignatureAlgorithm.CERT) {
            active = certificateKey();
            return;
        }
        LocalKey current = readActive().orElse(null);
        if (current == null || current.algorithm() != properties.algorithm()) {
            tx.executeWithoutResult(status -> insertActive(properties.algorithm().generateKeyPair()));
            current = readActive().orElseThrow();
            log.info("Generated this node's {} key {} (fingerprint {}); peers sign up with its card: GET /admin/trust/card",
                    current.algorithm(), current.id(), NodeCard.fingerprint(current.publicKey()));
        }
        active = current;
        activeReadAt = Instant.now();
    }

    /** The key this node signs with now. */
    LocalKey active() {
        if (properties.algorithm() != SignatureAlgorithm.CERT
                && activeReadAt.plus(properties.cacheTtl()).isBefore(Instant.now())) {
            readActive().ifPresent(key -> active = key);
            activeReadAt = Instant.now();
        }
        return active;
    }

    /** The key retired last, while peers still accept it (the rotation overlap). */
    Optional<LocalKey> previous() {
        return jdbc.sql("select id from trust_node_key where retired_at is not null and retired_at > ? "
                        + "order by retired_at desc limit 1")
                .param(ts(clock.instant().minus(properties.rotationOverlap()))).query(Long.class).optional()
                .map(id -> byId(Long.toString(id)).orElseThrow());
    }

    /** Any key this node ever had (resource tokens name the key that signed them). */
    Optional<LocalKey> byId(String id) {
        LocalKey cached = byId.get(id);
        if (cached != null || (active != null && active.id().equals(id))) {
            return Optional.ofNullable(cached != null ? cached : active);
        }
        if (!id.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        Optional<LocalKey> key = jdbc.sql("select * from trust_node_key where id = ?").param(Long.parseLong(id))
                .query((rs, n) -> decode(rs)).optional();
        key.filter(k -> k.retiredAt() != null).ifPresent(k -> byId.put(id, k));
        return key;
    }

    /** Retires the active key and makes a new one of the same algorithm active; returns it. */
    LocalKey rotate() {
        if (properties.algorithm() == SignatureAlgorithm.CERT) {
            throw ApiException.failure("a CERT node rotates by replacing hutong.trust.certificate and private-key "
                    + "and restarting; its peers import its new card");
        }
        KeyPair fresh = properties.algorithm().generateKeyPair();
        tx.executeWithoutResult(status -> {
            jdbc.sql("update trust_node_key set retired_at = ? where retired_at is null").param(ts(clock.instant()))
                    .update();
            insertActive(fresh);
        });
        active = readActive().orElseThrow();
        activeReadAt = Instant.now();
        log.info("Rotated this node's key: now {} (fingerprint {})", active.id(), NodeCard.fingerprint(active.publicKey()));
        return active;
    }

    NodeCard card() {
        return active().card(local.id(), local.baseUrl());
    }

    private void insertActive(KeyPair pair) {
        // a second replica starting at the same moment loses the unique index race and reads the winner's key
        jdbc.sql("update trust_node_key set retired_at = ? where retired_at is null and algorithm <> ?")
                .params(ts(clock.instant()), properties.algorithm().name()).update();
        jdbc.sql("""
                insert into trust_node_key (algorithm, public_key, private_key, created_at) values (?, ?, ?, ?)
                on conflict do nothing""")
                .params(properties.algorithm().name(), pair.getPublic().getEncoded(),
                        secrets.seal(pair.getPrivate().getEncoded(), context(pair.getPublic().getEncoded())),
                        ts(clock.instant()))
                .update();
    }

    private Optional<LocalKey> readActive() {
        return jdbc.sql("select * from trust_node_key where retired_at is null").query((rs, n) -> decode(rs)).optional();
    }

    private LocalKey decode(java.sql.ResultSet rs) throws java.sql.SQLException {
        SignatureAlgorithm algorithm = SignatureAlgorithm.valueOf(rs.getString("algorithm"));
        byte[] publicKey = rs.getBytes("public_key");
        try {
            return new LocalKey(Long.toString(rs.getLong("id")), algorithm, algorithm.decodePrivateKey(
                    secrets.open(rs.getBytes("private_key"), context(publicKey))), algorithm.decodePublicKey(publicKey),
                    null, Sql.instant(rs, "retired_at"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this node's stored key " + rs.getLong("id") + " is unreadable", e);
        }
    }

    /** Binds a sealed private key to its node and public key, so rows cannot be swapped. */
    private String context(byte[] publicKey) {
        return "hutong-node-key\n" + local.id() + "\n" + java.util.Base64.getEncoder().encodeToString(publicKey);
    }

    private LocalKey certificateKey() {
        if (properties.certificate() == null || properties.privateKey() == null) {
            throw new IllegalStateException("hutong.trust.algorithm=CERT needs hutong.trust.certificate and "
                    + "hutong.trust.private-key (PEM files)");
        }
        List<X509Certificate> chain = Certificates.readPem(read(properties.certificate()));
        PublicKey publicKey = chain.get(0).getPublicKey();
        try {
            PrivateKey privateKey = Certificates.readPrivateKey(read(properties.privateKey()),
                    SignatureAlgorithm.of(publicKey));
            byte[] probe = "hutong-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (!SignatureAlgorithm.verify(publicKey, probe, SignatureAlgorithm.sign(privateKey, probe))) {
                throw new IllegalStateException(properties.privateKey() + " is not the key of " + properties.certificate());
            }
            return new LocalKey("cert-" + NodeCard.fingerprint(publicKey).substring(0, 16), SignatureAlgorithm.CERT,
                    privateKey, publicKey, chain, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + properties.privateKey(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

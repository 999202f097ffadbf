package io.hutong.node;

import io.hutong.web.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The nodes this node knows, by node id. Read on every east-west call, so kept in memory and
 * written through to the node_peer table.
 */
@Service
public class Peers {

    private final JdbcClient jdbc;
    private final Map<String, Peer> cache = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    Peers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Peer> find(String nodeId) {
        load();
        Peer peer = cache.get(nodeId);
        if (peer == null) {
            // another replica may have added it
            peer = jdbc.sql("select node_id, base_url, dialect from node_peer where node_id = ?").param(nodeId)
                    .query(Peers::peer).optional().orElse(null);
            if (peer != null) {
                cache.put(nodeId, peer);
            }
        }
        return Optional.ofNullable(peer);
    }

    public Peer require(String nodeId) {
        return find(nodeId).orElseThrow(() -> ApiException.failure("node " + nodeId + " is not a known peer"));
    }

    public List<Peer> all() {
        return jdbc.sql("select node_id, base_url, dialect from node_peer order by node_id").query(Peers::peer).list();
    }

    /** How the peer speaks from now on; the peer must exist. */
    public Peer setDialect(String nodeId, PeerDialect dialect) {
        Peer peer = jdbc.sql("update node_peer set dialect = ?, updated_at = now() where node_id = ? "
                        + "returning node_id, base_url, dialect").params(dialect.wireName(), nodeId)
                .query(Peers::peer).optional().orElseThrow(() -> ApiException.notFound("no peer " + nodeId));
        cache.put(nodeId, peer);
        return peer;
    }

    /** The dialect of a node: Hutong's for this node itself and for nodes it does not know. */
    public PeerDialect dialectOf(String nodeId) {
        return find(nodeId).map(Peer::dialect).orElse(PeerDialect.HUTONG);
    }

    private static Peer peer(ResultSet rs, int row) throws SQLException {
        return new Peer(rs.getString(1), rs.getString(2), PeerDialect.of("dialect", rs.getString(3)));
    }

    public Peer save(String nodeId, String baseUrl) {
        String url = baseUrl.strip().replaceAll("/+$", "");
        Peer peer = jdbc.sql("""
                insert into node_peer (node_id, base_url) values (?, ?)
                on conflict (node_id) do update set base_url = excluded.base_url, updated_at = now()
                returning node_id, base_url, dialect""")
                .params(nodeId, url).query(Peers::peer).single();
        cache.put(nodeId, peer);
        return peer;
    }

    public boolean remove(String nodeId) {
        cache.remove(nodeId);
        return jdbc.sql("delete from node_peer where node_id = ?").param(nodeId).update() > 0;
    }

    private void load() {
        if (!loaded) {
            all().forEach(peer -> cache.put(peer.nodeId(), peer));
            loaded = true;
        }
    }
}

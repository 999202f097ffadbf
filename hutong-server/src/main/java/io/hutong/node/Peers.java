package io.hutong.node;

import io.hutong.web.ApiException;
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
            peer = jdbc.sql("select node_id, base_url from node_peer where node_id = ?").param(nodeId)
                    .query((rs, n) -> new Peer(rs.getString(1), rs.getString(2))).optional().orElse(null);
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
        return jdbc.sql("select node_id, base_url from node_peer order by node_id")
                .query((rs, n) -> new Peer(rs.getString(1), rs.getString(2))).list();
    }

    public Peer save(String nodeId, String baseUrl) {
        String url = baseUrl.strip().replaceAll("/+$", "");
        jdbc.sql("""
                insert into node_peer (node_id, base_url) values (?, ?)
                on conflict (node_id) do update set base_url = excluded.base_url, updated_at = now()""")
                .params(nodeId, url).update();
        Peer peer = new Peer(nodeId, url);
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

package io.hutong.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.standin.BfiaStandIn;
import java.util.Map;

/** Puts stand-in BFIA peers (support/standin) in a federation with Hutong nodes. */
public final class StandIns {

    private StandIns() {
    }

    /**
     * Makes the stand-in a peer of the node: its base URL, marked unsigned (neither Kuscia nor
     * FATE-Flow signs), and its dialect ({@code PUT /admin/trust/peers/{id}/dialect}; an answer 404,
     * from a node that has no such endpoint yet, is let pass).
     */
    public static void register(Api node, BfiaStandIn standIn) {
        String id = standIn.nodeId();
        Api.Response peer = node.put("/admin/peers/" + id, NodeIT.ADMIN_TOKEN, Map.of("baseUrl", standIn.url()));
        assertThat(peer.code()).as(peer.text()).isEqualTo("General.Success");
        Api.Response unsigned = node.put("/admin/trust/peers/" + id + "/unsigned", NodeIT.ADMIN_TOKEN,
                Map.of("unsigned", true));
        assertThat(unsigned.code()).as(unsigned.text()).isEqualTo("General.Success");
        Api.Response dialect = node.put("/admin/trust/peers/" + id + "/dialect", NodeIT.ADMIN_TOKEN,
                Map.of("dialect", standIn.dialect()));
        if (dialect.status() != 404) {
            assertThat(dialect.code()).as(dialect.text()).isEqualTo("General.Success");
        }
    }

    /**
     * Registers every stand-in at every Hutong node, and routes every stand-in to every node and
     * to the other stand-ins.
     *
     * @param nodes Hutong node id → its API
     */
    public static void federate(Map<String, Api> nodes, BfiaStandIn... standIns) {
        for (BfiaStandIn standIn : standIns) {
            nodes.forEach((id, node) -> {
                register(node, standIn);
                standIn.route(id, node.base());
            });
            for (BfiaStandIn other : standIns) {
                standIn.route(other.nodeId(), other.url());
            }
        }
    }
}

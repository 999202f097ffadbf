package io.hutong.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** The nodes this node signed up with (admin token). */
@Command(name = "peer", description = "Peers: list, import a card, diagnose.")
final class PeerCommands extends NodeCommand {

    @Command(name = "list", description = "Peers with how they sign and their key fingerprints.")
    int list() {
        JsonNode peers = node().get("/admin/trust/peers");
        output().print(peers, out -> {
            Table table = Table.of("NODE_ID", "BASE_URL", "ALGORITHM", "UNSIGNED", "FINGERPRINT", "CARD_ANNOUNCEMENT");
            peers.forEach(peer -> table.row(peer.path("node_id"), peer.path("base_url"), peer.path("algorithm"),
                    peer.path("unsigned"), peer.path("fingerprint"), peer.path("card_announcement")));
            table.print(out);
        });
        return Exit.OK;
    }

    @Command(name = "add", description = "Signs up with a peer by importing its card: a JSON or YAML file (what "
            + "'hutong card show -o json' prints at the peer, or the card alone); - reads standard input. Compare "
            + "the fingerprint with the peer's administrator.")
    int add(@Parameters(paramLabel = "CARD") String file) {
        JsonNode document = document(file);
        JsonNode card = document.path("card").isObject() ? document.path("card") : document;
        JsonNode peer = node().put("/admin/trust/peers", card);
        output().print(peer, out -> Table.of("NODE_ID", "BASE_URL", "ALGORITHM", "FINGERPRINT")
                .row(peer.path("node_id"), peer.path("base_url"), peer.path("algorithm"), peer.path("fingerprint"))
                .print(out));
        return Exit.OK;
    }

    @Command(name = "diagnose", description = "Checks a peer (reachability, TLS, clock skew, a signed round trip, "
            + "its copy of this node's key) and prints PASS/WARN/FAIL lines; exit 1 when a check fails.")
    int diagnose(@Parameters(paramLabel = "NODE_ID") String nodeId) {
        JsonNode checks = node().post("/admin/trust/peers/" + encode(nodeId) + "/diagnose", object());
        output().print(checks, out -> {
            Table table = Table.of("CHECK", "RESULT", "DETAIL");
            checks.forEach(check -> table.row(check.path("check"), check.path("result"), check.path("detail")));
            table.print(out);
        });
        for (JsonNode check : checks) {
            if ("FAIL".equals(check.path("result").asString())) {
                return Exit.FAILED;
            }
        }
        return Exit.OK;
    }
}

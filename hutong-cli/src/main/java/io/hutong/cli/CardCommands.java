package io.hutong.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** This node's card (admin token). */
@Command(name = "card", description = "This node's card, for peers to import.")
final class CardCommands extends NodeCommand {

    @Command(name = "show", description = "The card and its key's SHA-256 fingerprint; '-o json' prints what "
            + "'hutong peer add' takes at the peer.")
    int show() {
        JsonNode data = node().get("/admin/trust/card");
        JsonNode card = data.path("card");
        output().print(data, out -> Table.of("NODE_ID", "BASE_URL", "ALGORITHM", "FINGERPRINT")
                .row(card.path("node_id"), card.path("base_url"), card.path("algorithm"), data.path("fingerprint"))
                .print(out));
        return Exit.OK;
    }
}

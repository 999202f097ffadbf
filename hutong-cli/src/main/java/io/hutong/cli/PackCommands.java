package io.hutong.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The user's resource packs (the INFINITE resource-management API). */
@Command(name = "pack", description = "Resource packs.")
final class PackCommands extends NodeCommand {

    @Command(name = "list", description = "Your packs, a page at a time (getUserPackList).")
    int list(@Option(names = "--status", paramLabel = "STATUS", description = "e.g. status.free, status.outOfTime")
            String status,
            @Option(names = "--type", paramLabel = "TYPE", description = "type.timing or type.activity") String type,
            @Option(names = "--usable", description = "only the packs usable now") boolean usable,
            @Option(names = "--page", paramLabel = "N", defaultValue = "1") int page,
            @Option(names = "--page-size", paramLabel = "N", defaultValue = "20") int pageSize) {
        ObjectNode body = object().put("pageNum", page).put("pageSize", pageSize);
        if (status != null) {
            body.put("userPackStatus", status);
        }
        if (type != null) {
            body.put("packDurationType", type);
        }
        if (usable) {
            body.put("isFreeStatus", true);
        }
        JsonNode data = node().post("/api/userPack/getUserPackList", body);
        output().print(data, out -> {
            Table table = Table.of("ID", "NAME", "STATUS", "TYPE", "DURATION", "BOUGHT", "ACTIVITY_END");
            data.path("userPackList").forEach(pack -> table.row(pack.path("userPackId"), pack.path("packName"),
                    pack.path("userPackStatus"), pack.path("packDurationType"), pack.path("duration"),
                    pack.path("buyDatetime"), pack.path("activityEndTime")));
            table.print(out);
            out.println("page " + data.path("pageCurrent").asString() + " of " + data.path("pageTotal").asString()
                    + ", " + data.path("total").asString() + " packs");
        });
        return Exit.OK;
    }
}

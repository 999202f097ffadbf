package io.hutong.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What every command group shares: the root's options, the node, the output. */
abstract class NodeCommand {

    @Spec
    CommandSpec spec;

    Hutong root() {
        return (Hutong) spec.root().userObject();
    }

    NodeClient node() {
        return root().node();
    }

    Output output() {
        return root().output(out());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    ObjectNode object() {
        return root().json.createObjectNode();
    }

    JsonNode document(String file) {
        return root().document(file);
    }

    /** An interop platform call: {@code {source, session_identifier, data}}, one session per run of the command. */
    JsonNode interop(NodeClient node, String path, JsonNode data) {
        ObjectNode body = object().put("source", "hutong-cli").put("session_identifier", root().session);
        body.set("data", data);
        return node.post(path, body);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code path?key=value&…} with the keys whose value is not null. */
    static String query(String path, Object... keysAndValues) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                query.append(query.isEmpty() ? '?' : '&').append(keysAndValues[i]).append('=')
                        .append(encode(keysAndValues[i + 1].toString()));
            }
        }
        return path + query;
    }
}

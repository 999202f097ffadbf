package io.hutong.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Prints what a command got from the node: {@code -o json} and {@code -o yaml} print the API's own object (the
 * envelope's {@code data}) unchanged, one document per answer when following; {@code -o table} prints the
 * command's own view of it.
 */
final class Output {

    enum Format { table, json, yaml }

    private final Format format;
    private final PrintWriter out;
    private final JsonMapper json;
    private final YAMLMapper yaml;

    Output(Format format, PrintWriter out, JsonMapper json, YAMLMapper yaml) {
        this.format = format;
        this.out = out;
        this.json = json;
        this.yaml = yaml;
    }

    boolean table() {
        return format == Format.table;
    }

    void print(JsonNode data, Consumer<PrintWriter> table) {
        switch (format) {
            case table -> table.accept(out);
            case json -> out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(data));
            case yaml -> out.print(yaml.writeValueAsString(data));
        }
        out.flush();
    }

    /** A line of the table view only (what happened, when the API's object says nothing). */
    void say(String line) {
        if (table()) {
            out.println(line);
            out.flush();
        }
    }
}

package io.hutong.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Runs the hutong command in this JVM with its own environment, home directory and standard input. */
final class Cli {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Path home;
    private final Map<String, String> variables;

    Cli(Path home, Map<String, String> variables) {
        this.home = home;
        this.variables = variables;
    }

    /** The same home, with these variables set (a null value unsets one). */
    Cli with(String name, String value) {
        Map<String, String> changed = new HashMap<>(variables);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return new Cli(home, changed);
    }

    Path home() {
        return home;
    }

    Run run(String... args) {
        return input("", args);
    }

    /** Runs with {@code stdin} as standard input. */
    Run input(String stdin, String... args) {
        CommandLine command = Hutong.commandLine(new CliEnvironment(Map.copyOf(variables), home,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(args);
        return new Run(List.of(args), exit, out.toString(), err.toString());
    }

    record Run(List<String> args, int exit, String out, String err) {

        /** The one JSON document printed. */
        JsonNode json() {
            List<JsonNode> documents = jsons();
            if (documents.size() != 1) {
                throw new AssertionError(args + " printed " + documents.size() + " JSON documents: " + out);
            }
            return documents.get(0);
        }

        /** Every JSON document printed, in order (several when following). */
        List<JsonNode> jsons() {
            return documents(JSON);
        }

        List<JsonNode> yamls() {
            return documents(YAML);
        }

        /** Read one after another (a reader's readValues would take a top-level list for a sequence). */
        private List<JsonNode> documents(ObjectMapper mapper) {
            List<JsonNode> documents = new ArrayList<>();
            try (JsonParser parser = mapper.createParser(out)) {
                while (parser.nextToken() != null) {
                    documents.add(parser.readValueAsTree());
                }
            }
            return documents;
        }

        JsonNode yaml() {
            List<JsonNode> documents = yamls();
            if (documents.size() != 1) {
                throw new AssertionError(args + " printed " + documents.size() + " YAML documents: " + out);
            }
            return documents.get(0);
        }

        @Override
        public String toString() {
            return args + " exited " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }
}

package io.hutong.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The {@code hutong} command: a node's jobs, approvals, logs, peers, catalog, tasks, packs and datasets. */
@Command(name = "hutong", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Hutong.Version.class, sortOptions = false,
        description = "Works with a Hutong node through its HTTP APIs.",
        footerHeading = "%nConfiguration:%n",
        footer = {"--url and --token, else HUTONG_URL and HUTONG_TOKEN, else ~/.hutong/config (see hutong login)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success; a job or task that ended in SUCCESS (or has not ended)",
            "1:a job or task that FAILED, was STOPPED or REJECTED; a failed diagnosis; the node failed",
            "2:bad usage, or a request the node refused (the field and the rule are named)",
            "3:the node cannot be reached"},
        subcommands = {JobCommands.class, PeerCommands.class, CardCommands.class, ComponentCommands.class,
            CatalogCommands.class, TaskCommands.class, PackCommands.class, DatasetCommands.class})
public final class Hutong {

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "the node, e.g. http://127.0.0.1:8081")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "an API token of the node")
    String token;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", scope = ScopeType.INHERIT,
            description = "table (default), json or yaml: JSON and YAML print the API's own objects")
    Output.Format format;

    @Spec
    CommandSpec spec;

    final CliEnvironment environment;
    final JsonMapper json = JsonMapper.builder().build();
    final YAMLMapper yaml = YAMLMapper.builder().build();
    /** The interop platform's session_identifier of this run: the node records its calls under it. */
    final String session = "hutong-cli-" + UUID.randomUUID();
    private BufferedReader lines;

    private Hutong(CliEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        CommandLine cli = commandLine(CliEnvironment.system());
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        System.exit(cli.execute(args));
    }

    /** The command ready to {@code execute}; give it its writers with setOut and setErr. */
    public static CommandLine commandLine(CliEnvironment environment) {
        CommandLine cli = new CommandLine(new Hutong(environment));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            CliException failure = e instanceof CliException known ? known
                    : new CliException(Exit.FAILED, e.getMessage() == null ? e.getClass().getSimpleName()
                            : e.getMessage());
            command.getErr().println("hutong: " + failure.getMessage().replaceAll("\\s*\\R\\s*", " "));
            command.getErr().flush();
            return failure.exitCode();
        });
        // one line, not the whole usage: the hint says where the usage is
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("hutong: " + e.getMessage() + " (see '"
                    + command.getCommandSpec().qualifiedName() + " --help')");
            command.getErr().flush();
            return Exit.USAGE;
        });
        return cli;
    }

    @Command(name = "login", description = "Checks the token at the node and saves both in ~/.hutong/config "
            + "(mode 600). The token comes from --token, HUTONG_TOKEN, or standard input.")
    int login(@Parameters(paramLabel = "URL", description = "the node, e.g. http://127.0.0.1:8081") String node) {
        String secret = token != null ? token : environment.variable("HUTONG_TOKEN");
        if (secret == null) {
            secret = readSecret("Token: ");
            if (secret == null || secret.isBlank()) {
                throw CliException.usage("token: notBlank (give --token, set HUTONG_TOKEN or type it)");
            }
        }
        NodeClient client = new NodeClient(node, secret.strip(), json);
        client.get("/v1/platform/schedule/component/list");
        new CliConfig(client.base(), secret.strip()).write(environment.home());
        PrintWriter out = spec.commandLine().getOut();
        out.println("Logged in to " + client.base() + "; saved in " + CliConfig.file(environment.home()));
        out.flush();
        return Exit.OK;
    }

    @Command(name = "completion", description = "Prints a completion script: source <(hutong completion bash); "
            + "zsh loads the same script through bashcompinit.")
    int completion(@Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash or zsh")
            String shell) {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw CliException.usage("SHELL: oneOf(bash,zsh) (not '" + shell + "')");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash("hutong", spec.root().commandLine()));
        out.flush();
        return Exit.OK;
    }

    /** The node of --url, HUTONG_URL or the config file, with the token found the same way. */
    NodeClient node() {
        CliConfig saved = CliConfig.read(environment.home());
        String node = first(url, environment.variable("HUTONG_URL"), saved.url());
        if (node == null) {
            throw CliException.usage("url: notBlank (give --url, set HUTONG_URL or run hutong login URL)");
        }
        return new NodeClient(node, first(token, environment.variable("HUTONG_TOKEN"), saved.token()), json);
    }

    Output output(PrintWriter out) {
        return new Output(format, out, json, yaml);
    }

    /** A JSON or YAML file, or standard input for {@code -}; it must hold one object. */
    JsonNode document(String file) {
        String text;
        try {
            text = file.equals("-") ? new String(environment.in().readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.usage(file + ": no such file");
        } catch (IOException e) {
            throw CliException.usage(file + ": cannot be read (" + e.getMessage() + ")");
        }
        JsonNode document;
        try {
            // JSON first: YAML reads most JSON but not all (tabs)
            document = text.stripLeading().startsWith("{") ? json.readTree(text) : yaml.readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw CliException.usage(file + ": neither JSON nor YAML (" + problem(e.getOriginalMessage()) + where
                    + ")");
        }
        if (document == null || !document.isObject()) {
            throw CliException.usage(file + ": type(object) (a JSON or YAML object)");
        }
        return document;
    }

    /** The parser's own lines of a message, without the quoted snippet and its pointer that YAML adds. */
    private static String problem(String message) {
        return String.join(": ", message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0))).toList());
    }

    /** Typed without echo on a terminal; else a line of standard input. */
    private String readSecret(String prompt) {
        if (environment.in() == System.in && System.console() != null) {
            char[] typed = System.console().readPassword(prompt);
            return typed == null ? null : new String(typed);
        }
        spec.commandLine().getErr().print(prompt);
        spec.commandLine().getErr().flush();
        return readLine();
    }

    /** A line of standard input, or null at its end. */
    String readLine() {
        try {
            return lines().readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BufferedReader lines() {
        if (lines == null) {
            lines = new BufferedReader(new InputStreamReader(environment.in(), StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Hutong.class.getResourceAsStream("version.properties")) {
                properties.load(in);
            }
            return new String[] {"hutong " + properties.getProperty("version")};
        }
    }
}

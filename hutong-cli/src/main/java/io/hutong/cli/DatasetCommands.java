package io.hutong.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** Datasets kept at the node (the datasets API: CSV files with a header line). */
@Command(name = "dataset", description = "Datasets at the node: upload, list, download.")
final class DatasetCommands extends NodeCommand {

    private static final String DATASETS = "/api/datasets";

    @Command(name = "upload", description = "Loads a CSV file (with a header line) as NAMESPACE/NAME; - reads "
            + "standard input. The body is streamed, so any size goes.")
    int upload(@Parameters(index = "0", paramLabel = "NAMESPACE/NAME") String dataset,
            @Parameters(index = "1", paramLabel = "FILE") String file) {
        HttpRequest.BodyPublisher body;
        if (file.equals("-")) {
            body = HttpRequest.BodyPublishers.ofInputStream(() -> root().environment.in());
        } else {
            try {
                body = HttpRequest.BodyPublishers.ofFile(Path.of(file));
            } catch (FileNotFoundException e) {
                throw CliException.usage(file + ": no such file");
            }
        }
        JsonNode data = node().send(path(dataset), "POST", body, "text/csv");
        output().print(data, out -> Table.fields(data).print(out));
        return Exit.OK;
    }

    @Command(name = "list", description = "The datasets you can see, a page at a time.")
    int list(@Option(names = "--page", paramLabel = "N", defaultValue = "1") int page,
            @Option(names = "--page-size", paramLabel = "N", defaultValue = "20") int pageSize) {
        JsonNode data = node().get(query(DATASETS, "pageNum", page, "pageSize", pageSize));
        output().print(data, out -> {
            JsonNode items = data.isArray() ? data : firstList(data);
            Table.of(items).print(out);
            if (data.has("total")) {
                out.println("page " + data.path("pageCurrent").asString() + " of " + data.path("pageTotal").asString()
                        + ", " + data.path("total").asString() + " datasets");
            }
        });
        return Exit.OK;
    }

    @Command(name = "download", description = "Writes the dataset's CSV to standard output, or to a file.")
    int download(@Parameters(paramLabel = "NAMESPACE/NAME") String dataset,
            @Option(names = {"-O", "--output-file"}, paramLabel = "FILE", description = "written whole or not at all")
            Path file) {
        try (InputStream in = node().stream(path(dataset) + "/data")) {
            if (file == null) {
                Reader text = new InputStreamReader(in, StandardCharsets.UTF_8);
                text.transferTo(out());
                out().flush();
                return Exit.OK;
            }
            Path directory = file.toAbsolutePath().getParent();
            Path partial = Files.createTempFile(directory, "." + file.getFileName(), ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            output().say("Wrote " + file + ".");
            return Exit.OK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String path(String dataset) {
        int slash = dataset.indexOf('/');
        if (slash <= 0 || slash == dataset.length() - 1 || dataset.indexOf('/', slash + 1) >= 0) {
            throw CliException.usage("NAMESPACE/NAME: namespace/name (not '" + dataset + "')");
        }
        return DATASETS + "/" + encode(dataset.substring(0, slash)) + "/" + encode(dataset.substring(slash + 1));
    }

    /** The list of a page whatever its field is called (the pack list's style names it per kind). */
    private JsonNode firstList(JsonNode page) {
        for (JsonNode value : page) {
            if (value.isArray()) {
                return value;
            }
        }
        return root().json.createArrayNode();
    }
}

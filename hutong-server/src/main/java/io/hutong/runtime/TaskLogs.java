package io.hutong.runtime;

import io.hutong.core.NodeProperties;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Where a task's files live and how its logs are read. Each party-role of a task has a directory
 * with {@code info.log} (the component's stdout), {@code error.log} (its stderr) and
 * {@code debug.log} (what the launcher did: command, pid, exit status).
 */
@Component
public class TaskLogs {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TaskLogs.class);

    private final Path root;
    private final Clock clock;

    public TaskLogs(NodeProperties node, Clock clock) {
        this.root = node.dataDir().toAbsolutePath().normalize().resolve("tasks");
        this.clock = clock;
    }

    /** Appends a line of what the launcher did to the party-role's debug log. */
    public void debug(UnitSpec spec, String line) {
        Path directory = directory(spec.jobId(), spec.taskId(), spec.role(), spec.roleIndex());
        try {
            Files.createDirectories(directory);
            Files.writeString(file(directory, "debug"), clock.instant() + " " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("Could not write the debug log in {}: {}", directory, e.getMessage());
        }
    }

    public Path directory(String jobId, String taskId, String role, int roleIndex) {
        return root.resolve(safe(jobId)).resolve(safe(taskId)).resolve(safe(role) + "_" + roleIndex);
    }

    /** One party-role's log of a task. */
    public record Unit(String jobId, String taskId, String role, int roleIndex) {
    }

    /** info, debug or error. */
    public static Path file(Path directory, String level) {
        return directory.resolve(switch (level) {
            case "info" -> "info.log";
            case "error" -> "error.log";
            case "debug" -> "debug.log";
            default -> throw new IllegalArgumentException(level);
        });
    }

    /**
     * Reads the lines of the units' logs of that level, concatenated with a header per unit when there
     * are several, streaming: lines before {@code start} are skipped, and reading stops once
     * {@code limit} lines were handed to {@code line}. Bytes that are not UTF-8 read as U+FFFD.
     *
     * @return how many lines there are from {@code start} on, read to the end when {@code limit} is
     *     {@link Long#MAX_VALUE}, else at most {@code limit}
     */
    public long read(List<Unit> units, String level, long start, long limit, Consumer<String> line) {
        long[] index = {0};
        long[] handed = {0};
        Consumer<String> counted = text -> {
            if (index[0]++ >= start && handed[0] < limit) {
                handed[0]++;
                line.accept(text);
            }
        };
        for (Unit unit : units) {
            if (handed[0] >= limit) {
                break;
            }
            if (units.size() > 1) {
                counted.accept("==> " + unit.role() + "." + unit.roleIndex() + " <==");
            }
            Path file = file(directory(unit.jobId(), unit.taskId(), unit.role(), unit.roleIndex()), level);
            if (!Files.exists(file)) {
                continue;
            }
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), utf8))) {
                String text;
                while (handed[0] < limit && (text = reader.readLine()) != null) {
                    counted.accept(text);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return handed[0];
    }

    /** How many lines the units' logs of that level have, as {@link #read} counts them. */
    public long count(List<Unit> units, String level) {
        return read(units, level, 0, Long.MAX_VALUE, text -> { });
    }

    private static String safe(String part) {
        if (part == null || part.isEmpty() || part.contains("/") || part.contains("\\") || part.startsWith(".")) {
            throw new IllegalArgumentException("not a safe path part: " + part);
        }
        return part;
    }
}

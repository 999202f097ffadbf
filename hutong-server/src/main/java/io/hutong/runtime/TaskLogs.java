package io.hutong.runtime;

import io.hutong.core.NodeProperties;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
    public void debug(TaskSpec spec, String line) {
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

    /** The lines of the units' logs of that level, concatenated with a header per unit when there are several. */
    public List<String> lines(List<Unit> units, String level) {
        List<String> lines = new ArrayList<>();
        for (Unit unit : units) {
            if (units.size() > 1) {
                lines.add("==> " + unit.role() + "." + unit.roleIndex() + " <==");
            }
            Path file = file(directory(unit.jobId(), unit.taskId(), unit.role(), unit.roleIndex()), level);
            if (Files.exists(file)) {
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    reader.lines().forEach(lines::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return lines;
    }

    private static String safe(String part) {
        if (part == null || part.isEmpty() || part.contains("/") || part.contains("\\") || part.startsWith(".")) {
            throw new IllegalArgumentException("not a safe path part: " + part);
        }
        return part;
    }
}

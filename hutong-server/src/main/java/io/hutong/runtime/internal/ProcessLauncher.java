package io.hutong.runtime.internal;

import io.hutong.runtime.LaunchException;
import io.hutong.runtime.LaunchedTask;
import io.hutong.runtime.TaskExited;
import io.hutong.runtime.TaskLauncher;
import io.hutong.runtime.TaskLogs;
import io.hutong.runtime.TaskSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The embedded launcher: a task is a local process whose command the component's image maps to.
 * Its stdout and stderr go to the task's log files; its exit is published as {@link TaskExited}.
 * Processes outlive a restart of the node and are followed again after it; a small shell wrapper
 * leaves each exit status in the task's directory, so one that ends while the node is down is
 * not lost.
 */
@Component
@ConditionalOnProperty(name = "hutong.runtime.launcher", havingValue = "process", matchIfMissing = true)
class ProcessLauncher implements TaskLauncher {

    private static final Logger log = LoggerFactory.getLogger(ProcessLauncher.class);
    private static final String EXIT_FILE = "exit.code";
    /**
     * Runs the command and leaves its exit status in the task directory. bash, not sh: dash drops
     * environment variables whose names have dots, and the container contract's all do.
     */
    private static final List<String> WRAPPER = Files.isExecutable(Path.of("/bin/bash"))
            ? List.of("/bin/bash", "-c", "\"$@\"; code=$?; echo $code > " + EXIT_FILE + "; exit $code", "task")
            : List.of();

    private final Map<String, String> images = new HashMap<>();
    private final List<String> inheritEnv;
    private final TaskLogs logs;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String host;

    ProcessLauncher(RuntimeProperties properties, BuiltinComponents builtins, TaskLogs logs,
            ApplicationEventPublisher events, Clock clock) {
        this.images.putAll(builtins.images());
        this.images.putAll(properties.images());
        this.inheritEnv = properties.inheritEnv();
        this.logs = logs;
        this.events = events;
        this.clock = clock;
        this.host = hostName();
    }

    @Override
    public LaunchedTask launch(TaskSpec spec) {
        String commandLine = images.get(spec.image());
        if (commandLine == null) {
            throw new LaunchException("no command for image " + spec.image()
                    + ": set hutong.runtime.process.images[" + spec.image() + "]", null);
        }
        List<String> command = new ArrayList<>(WRAPPER);
        command.addAll(Arrays.asList(commandLine.strip().split("\\s+")));
        Path directory = logs.directory(spec.jobId(), spec.taskId(), spec.role(), spec.roleIndex());
        try {
            Files.createDirectories(directory);
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(TaskLogs.file(directory, "info").toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(TaskLogs.file(directory, "error").toFile()));
            Map<String, String> env = builder.environment();
            env.keySet().retainAll(inheritEnv);
            env.putAll(spec.env());
            Process process = builder.start();
            Instant started = process.info().startInstant().orElse(clock.instant());
            logs.debug(spec, "launched pid " + process.pid() + ": " + String.join(" ", command));
            process.onExit().thenAccept(done -> exited(spec, started, done.exitValue()));
            return new LaunchedTask(process.pid(), started, host);
        } catch (IOException e) {
            logs.debug(spec, "launch failed: " + e.getMessage());
            throw new LaunchException("could not start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop(LaunchedTask task) {
        handle(task).ifPresent(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
    }

    @Override
    public void recover(TaskSpec spec, LaunchedTask task) {
        Path directory = logs.directory(spec.jobId(), spec.taskId(), spec.role(), spec.roleIndex());
        Optional<ProcessHandle> process = task == null ? Optional.empty() : handle(task);
        if (process.isPresent()) {
            logs.debug(spec, "following pid " + process.get().pid() + " again after a restart of the node");
            process.get().onExit().thenAccept(done -> exited(spec, task.startedAt(), exitStatus(directory)));
        } else {
            Integer code = exitStatus(directory);
            logs.debug(spec, code == null ? "the process is gone and left no exit status"
                    : "the process ended while the node was down");
            exited(spec, task == null ? clock.instant() : task.startedAt(), code);
        }
    }

    private static Integer exitStatus(Path directory) {
        try {
            return Integer.valueOf(Files.readString(directory.resolve(EXIT_FILE)).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** The task's process, if it still runs and is the same process (pids are reused). */
    private Optional<ProcessHandle> handle(LaunchedTask task) {
        if (!host.equals(task.host())) {
            return Optional.empty();
        }
        return ProcessHandle.of(task.pid()).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(task.startedAt()::equals).orElse(false));
    }

    private void exited(TaskSpec spec, Instant started, Integer exitCode) {
        Duration took = Duration.between(started, clock.instant());
        logs.debug(spec, "exited " + (exitCode == null ? "with an unknown status" : "with status " + exitCode)
                + " after " + took.toMillis() + " ms");
        try {
            events.publishEvent(new TaskExited(spec.jobId(), spec.taskId(), spec.role(), spec.roleIndex(), exitCode));
        } catch (RuntimeException e) {
            log.error("Could not record the end of task {} {}", spec.taskId(), spec.unit(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}

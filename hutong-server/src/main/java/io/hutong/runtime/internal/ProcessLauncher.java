package io.hutong.runtime.internal;

import io.hutong.runtime.LaunchException;
import io.hutong.runtime.RuntimeProperties;
import io.hutong.runtime.UnitHandle;
import io.hutong.runtime.UnitExited;
import io.hutong.runtime.UnitLauncher;
import io.hutong.runtime.TaskLogs;
import io.hutong.runtime.UnitSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The embedded launcher: a task is a local process whose command the component's image maps to.
 * Its stdout and stderr go to the task's log files; its exit is published as {@link UnitExited}.
 * Processes outlive a restart of the node and are followed again after it; a component that ends
 * while the node is down reports through its callback, which it retries until the node is back
 * (the demo components' contract.sh does), since no one is left to see its exit status.
 */
@Component
@ConditionalOnProperty(name = "hutong.runtime.launcher", havingValue = "process", matchIfMissing = true)
class ProcessLauncher implements UnitLauncher {

    private static final Logger log = LoggerFactory.getLogger(ProcessLauncher.class);
    private final Map<String, String> images = new HashMap<>();
    private final List<String> inheritEnv;
    private final InProcessComponents inProcess;
    /** The demo images run as code: none unless builtins=in-process, and none an operator gave a command. */
    private final Set<String> inProcessImages;
    private final TaskLogs logs;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String host;

    ProcessLauncher(RuntimeProperties runtime, BuiltinComponents builtins, InProcessComponents inProcess,
            TaskLogs logs, ApplicationEventPublisher events, Clock clock) {
        this.images.putAll(builtins.images());
        RuntimeProperties.Process properties = runtime.process();
        this.images.putAll(properties.images());
        this.inheritEnv = properties.inheritEnv();
        this.inProcess = inProcess;
        this.inProcessImages = properties.builtins() == RuntimeProperties.Process.Builtins.IN_PROCESS
                ? inProcess.images().stream().filter(image -> !properties.images().containsKey(image))
                        .collect(Collectors.toUnmodifiableSet())
                : Set.of();
        this.logs = logs;
        this.events = events;
        this.clock = clock;
        this.host = hostName();
    }

    @Override
    public UnitHandle launch(UnitSpec spec) {
        if (inProcessImages.contains(spec.image())) {
            return launchInProcess(spec);
        }
        String commandLine = images.get(spec.image());
        if (commandLine == null) {
            throw new LaunchException("no command for image " + spec.image()
                    + ": set hutong.runtime.process.images[" + spec.image() + "]", null);
        }
        List<String> command = Arrays.asList(commandLine.strip().split("\\s+"));
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
            // the kernel's start time identifies the process after a restart; it is only as precise as
            // the boot time it is counted from (whole seconds), so the run time is taken from the clock
            Instant started = process.info().startInstant().orElse(clock.instant());
            Instant launched = clock.instant();
            logs.debug(spec, "launched pid " + process.pid() + ": " + String.join(" ", command));
            process.onExit().thenAccept(done -> exited(spec, launched, done.exitValue()));
            return new UnitHandle.LocalProcess(process.pid(), started, host);
        } catch (IOException e) {
            logs.debug(spec, "launch failed: " + e.getMessage());
            throw new LaunchException("could not start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** A demo image run as code on a thread of the node. */
    private UnitHandle launchInProcess(UnitSpec spec) {
        Path directory = logs.directory(spec.jobId(), spec.taskId(), spec.role(), spec.roleIndex());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new LaunchException("could not create " + directory + ": " + e.getMessage(), e);
        }
        Instant launched = clock.instant();
        logs.debug(spec, "launched in-process: " + spec.image());
        return new UnitHandle.InProcessRun(inProcess.start(spec, directory, code -> exited(spec, launched, code)), launched,
                host);
    }

    @Override
    public void stop(UnitHandle unit) {
        if (unit instanceof UnitHandle.InProcessRun run) {
            if (host.equals(run.host())) {
                inProcess.stop(run.runId());
            }
            return;
        }
        handle(unit).ifPresent(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
    }

    @Override
    public void recover(UnitSpec spec, UnitHandle unit) {
        Optional<ProcessHandle> process = unit == null ? Optional.empty() : handle(unit);
        if (process.isPresent()) {
            logs.debug(spec, "following pid " + process.get().pid() + " again after a restart of the node");
            process.get().onExit().thenAccept(done -> exited(spec, unit.startedAt(), null));
        } else {
            logs.debug(spec, "the process is gone and its exit status with it");
            exited(spec, unit == null ? clock.instant() : unit.startedAt(), null);
        }
    }

    /**
     * The unit's process, if it still runs and is the same process (pids are reused). An in-process
     * run ends with the node, so after a restart there is nothing to follow.
     */
    private Optional<ProcessHandle> handle(UnitHandle unit) {
        if (!(unit instanceof UnitHandle.LocalProcess process) || !host.equals(process.host())) {
            return Optional.empty();
        }
        return ProcessHandle.of(process.pid()).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(process.startedAt()::equals).orElse(false));
    }

    private void exited(UnitSpec spec, Instant started, Integer exitCode) {
        Duration took = Duration.between(started, clock.instant());
        logs.debug(spec, "exited " + (exitCode == null ? "with an unknown status" : "with status " + exitCode)
                + " after " + took.toMillis() + " ms");
        try {
            events.publishEvent(new UnitExited(spec.jobId(), spec.taskId(), spec.role(), spec.roleIndex(), exitCode));
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

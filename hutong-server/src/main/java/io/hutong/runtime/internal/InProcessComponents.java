package io.hutong.runtime.internal;

import io.hutong.components.ComponentContext;
import io.hutong.components.Intersection;
import io.hutong.runtime.TaskCallbacks;
import io.hutong.runtime.TaskLogs;
import io.hutong.runtime.UnitSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The built-in components (the demos Noop, Fail and Sleep, and Intersection) as code on a thread of
 * the node, for {@code hutong.runtime.process.builtins=in-process}. They keep the bash scripts' contract: the
 * same environment in, outputs under {@code system.storage}, lines in the task's info and error
 * logs, the callback with {@code config.token}, and an exit code (137 when stopped, like a killed
 * process). What they save is the spawn of a process, which on a small machine costs more than
 * the scheduling of the task around it, and the HTTP round trip of the callback: being in the
 * node, they hand it to the node's {@link TaskCallbacks}, which checks the token as the HTTP endpoint does.
 */
@Component
class InProcessComponents {

    /** The exit code of a task stopped while it ran: a process killed with SIGKILL reports the same. */
    static final int STOPPED = 137;

    private static final Pattern FIELD = Pattern.compile("\"(namespace|name)\"\\s*:\\s*\"([^\"]*)\"");

    private interface Body {
        int run(Run run) throws InterruptedException;
    }

    private static final Map<String, Body> BODIES = Map.of(
            "hutong/noop:1.0.0", InProcessComponents::noop,
            "hutong/fail:1.0.0", InProcessComponents::fail,
            "hutong/sleep:1.0.0", InProcessComponents::sleep,
            BuiltinComponents.INTERSECTION, InProcessComponents::intersection);

    private final Clock clock;
    private final ObjectProvider<TaskCallbacks> callbacks;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "builtin-component");
        thread.setDaemon(true);
        return thread;
    });
    // counted from the node's start, so a run recorded before a restart is not taken for a new one
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() << 20);
    private final Map<Long, Run> running = new ConcurrentHashMap<>();

    InProcessComponents(Clock clock, ObjectProvider<TaskCallbacks> callbacks) {
        this.clock = clock;
        this.callbacks = callbacks;
    }

    Set<String> images() {
        return BODIES.keySet();
    }

    /**
     * Starts the image's component on a thread.
     *
     * @param exited gets the exit code once the component ends
     * @return the run's id, positive and not reused by a later start of the node
     */
    long start(UnitSpec spec, Path directory, IntConsumer exited) {
        Body body = BODIES.get(spec.image());
        long id = ids.incrementAndGet();
        Run run = new Run(spec, directory);
        running.put(id, run);
        threads.execute(() -> {
            int code;
            try {
                code = run.begin() ? body.run(run) : STOPPED;
            } catch (InterruptedException stopped) {
                code = STOPPED;
            } catch (RuntimeException e) {
                run.error("component failed: " + e);
                code = 1;
            }
            if (run.end()) {
                code = STOPPED;
            }
            running.remove(id);
            exited.accept(code);
        });
        return id;
    }

    /** Stops a run, if it has not ended. */
    void stop(long id) {
        Run run = running.get(id);
        if (run != null) {
            run.stop();
        }
    }

    @PreDestroy
    void close() {
        threads.shutdownNow();
    }

    private static int noop(Run run) {
        run.info("Noop " + run.get("runtime.component.name") + " as " + run.get("config.self_role") + " in task "
                + run.get("config.task_id"));
        run.writeOutputs();
        run.callback("SUCCESS");
        return 0;
    }

    private static int fail(Run run) {
        run.info("Fail " + run.get("runtime.component.name") + " as " + run.get("config.self_role") + " in task "
                + run.get("config.task_id"));
        run.error("Fail component: failing on purpose");
        return 1;
    }

    private static int sleep(Run run) throws InterruptedException {
        String seconds = run.get("runtime.component.parameter.seconds");
        seconds = seconds.isEmpty() ? "1" : seconds;
        if (!seconds.matches("[0-9]+(\\.[0-9]+)?")) {
            run.error("parameter seconds must be a number, got '" + seconds + "'");
            run.callback("FAILED");
            return 2;
        }
        run.info("Sleep " + run.get("runtime.component.name") + " as " + run.get("config.self_role") + ": sleeping "
                + seconds + "s");
        Thread.sleep(Math.round(Double.parseDouble(seconds) * 1000));
        run.writeOutputs();
        run.callback("SUCCESS");
        return 0;
    }

    /** The Java component itself, on this thread: its lines go to the unit's logs, its callback to the node. */
    private static int intersection(Run run) {
        return Intersection.run(new ComponentContext(run.spec.env(), run::info, run::error, run::callback));
    }

    /** One component run: its environment and its log files. */
    private final class Run {

        private final UnitSpec spec;
        private final Path directory;
        private Thread thread;
        private boolean stopped;

        Run(UnitSpec spec, Path directory) {
            this.spec = spec;
            this.directory = directory;
        }

        /** On the run's thread, before the body; false when it was stopped before it began. */
        synchronized boolean begin() {
            thread = Thread.currentThread();
            return !stopped;
        }

        /** After the body: the pooled thread must not carry this run's interrupt into the next; true if stopped. */
        synchronized boolean end() {
            thread = null;
            Thread.interrupted();
            return stopped;
        }

        synchronized void stop() {
            stopped = true;
            if (thread != null) {
                thread.interrupt();
            }
        }

        String get(String key) {
            return spec.env().getOrDefault(key, "");
        }

        void info(String line) {
            append("info", clock.instant() + " " + line);
        }

        void error(String line) {
            append("error", line);
        }

        private void append(String level, String line) {
            try {
                Files.writeString(TaskLogs.file(directory, level), line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("could not write the " + level + " log: " + e.getMessage(), e);
            }
        }

        /** Each declared output as {@code <storage>/<namespace>/<name>}, where a downstream component looks. */
        void writeOutputs() {
            String storage = get("system.storage");
            if (!storage.startsWith("file://")) {
                return;
            }
            Path root = Path.of(URI.create(storage));
            spec.env().forEach((key, value) -> {
                if (!key.startsWith("runtime.component.output.")) {
                    return;
                }
                String namespace = null;
                String name = null;
                Matcher field = FIELD.matcher(value);
                while (field.find()) {
                    if (field.group(1).equals("namespace")) {
                        namespace = field.group(2);
                    } else {
                        name = field.group(2);
                    }
                }
                if (namespace == null || name == null) {
                    return;
                }
                Path file = root.resolve(namespace).resolve(name).normalize();
                if (!file.startsWith(root)) {
                    error("output " + key + " leaves the storage: " + value);
                    return;
                }
                try {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, "id\n", StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalStateException("could not write output " + key + ": " + e.getMessage(), e);
                }
                info("wrote output " + key.substring("runtime.component.output.".length()) + " to " + file);
            });
        }

        /** Reports {task_id, status, role} once, as a POST to system.callback would; the exit code tells the node if it is lost. */
        void callback(String status) {
            if (!get("system.callback").startsWith("http")) {
                return;
            }
            try {
                callbacks.getObject().report(get("config.task_id"), status, get("config.self_role"), get("config.token"));
                info("callback " + status + ": taken by the node");
            } catch (RuntimeException refused) {
                info("callback " + status + ": refused by the node (" + refused.getMessage() + ")");
            }
        }
    }
}

package io.hutong.components;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** One party-role of a test run: Intersection on a thread of its own, in-process, with what it logged and reported. */
final class Party {

    final String role;
    final List<String> info = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final List<String> callbacks = new CopyOnWriteArrayList<>();
    private final Map<String, String> env;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private Thread thread;

    Party(String role, Map<String, String> env) {
        this.role = role;
        this.env = env;
    }

    Party start() {
        thread = new Thread(() -> exit.complete(Intersection.run(new ComponentContext(env, info::add, errors::add,
                callbacks::add))), "party-" + role);
        thread.start();
        return this;
    }

    /** Stops it as the node stops an in-process component: by interrupting its thread. */
    void stop() {
        thread.interrupt();
    }

    /** The exit code, once it ended. */
    int exitCode() {
        return exit.join();
    }

    /** The counts of its {@code result:} line. */
    String resultLine() {
        return info.stream().filter(line -> line.startsWith("result: ")).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return role + " info " + info + " errors " + errors;
    }
}

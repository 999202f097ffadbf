package io.hutong.components;

import io.hutong.components.internal.IntersectionComponent;

/**
 * The {@code Intersection} component (provider {@code hutong}, version 1.0.0, roles guest and
 * host): the standard's ECDH-PSI between the task's two parties over the BFIA transport, as
 * SecretFlow's interconnection container speaks it. Each party reads input {@code train_data}
 * (a CSV with a header line in {@code system.storage}); where the result is due it writes output
 * {@code train_data}: the header and every input line whose key is in the intersection, in their
 * order. Parameters: {@code field_names} (the key columns, default the first), {@code result_to}
 * ({@code all}, {@code guest} or {@code host}), {@code curve_type} ({@code curve25519} or
 * {@code sm2}), {@code hash_type} ({@code sha256}), {@code handshake} ({@code true} or
 * {@code false}, the same at both parties), {@code timeout} (seconds a silent peer is waited for,
 * default 30).
 *
 * <p>Its last log line before the callback, on success, is {@code result: } and a JSON object with
 * {@code original_count} (own rows), {@code peer_count} (the peer's items) and, where the result is
 * due, {@code intersection_count} (own rows in the intersection).
 */
public final class Intersection {

    /** The start of the log line with the counts, for a node to put them in the task's result. */
    public static final String RESULT = "result: ";

    private Intersection() {
    }

    /**
     * Runs one party's share on the calling thread, with whatever threads it needs beside it, all
     * ended when it returns. Interrupting the calling thread stops the run.
     *
     * @return the exit code: 0 once the output (if due) is complete, else 1 with the reason in the error log
     */
    public static int run(ComponentContext context) {
        return IntersectionComponent.run(context);
    }

    /** The process form: {@code java -cp <hutong-components and its dependencies> io.hutong.components.Intersection}. */
    public static void main(String[] args) {
        Thread running = Thread.currentThread();
        // a stopped process (SIGTERM) ends its run, which removes its working files, before the JVM exits
        Thread stop = new Thread(() -> {
            running.interrupt();
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(stop);
        int code = run(ComponentContext.ofProcess());
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException stopping) {
            // the JVM is exiting on its signal already
            return;
        }
        System.exit(code);
    }
}

package io.hutong.components;

import io.hutong.components.internal.HttpCallback;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a built-in component gets from whoever runs it: the BFIA container contract without the
 * container. A process gets {@link #ofProcess()}; a node that runs the component on one of its own
 * threads builds one with the unit's environment, its info and error logs, and a callback that hands
 * the report to the node instead of POSTing it.
 *
 * @param env the contract's variables ({@code system.*}, {@code config.*}, {@code runtime.component.*})
 * @param info takes one line of the component's log (the container's stdout), without a line break
 * @param error takes one line of its error log (stderr): the reason of a failure
 * @param callback reports the end of this party-role's share of the task ({@code SUCCESS} or {@code FAILED});
 *     the component calls it once, just before it returns its exit code
 */
public record ComponentContext(Map<String, String> env, Consumer<String> info, Consumer<String> error,
        Callback callback) {

    /** The report of a component's end; a refusal is logged by the component and changes nothing else. */
    @FunctionalInterface
    public interface Callback {

        void report(String status) throws Exception;
    }

    public ComponentContext {
        env = Map.copyOf(env);
    }

    /**
     * The process form: {@link System#getenv()}, stdout with a UTC timestamp before each line,
     * stderr, and a POST of {@code {task_id, status, role}} to {@code system.callback} with the
     * {@code config.token} header (tried again for up to 5 minutes while the node does not answer;
     * none without a {@code system.callback}).
     */
    public static ComponentContext ofProcess() {
        Map<String, String> env = System.getenv();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        return new ComponentContext(env, line -> out.println(Instant.now() + " " + line), err::println,
                new HttpCallback(env));
    }
}

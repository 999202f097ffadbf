package io.hutong.console.internal;

import io.hutong.web.ApiDates;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * How the pages show states and times, as {@code @look} in the templates: every state has a word
 * and a symbol next to its colour, so it reads without colour too.
 */
@Component("look")
public class Look {

    private static final Map<String, String> SYMBOLS = Map.ofEntries(Map.entry("SUCCESS", "✓"),
            Map.entry("FAILED", "✗"), Map.entry("RUNNING", "▶"), Map.entry("PENDING", "◷"), Map.entry("READY", "●"),
            Map.entry("FINISHED", "■"), Map.entry("REJECTED", "⊘"), Map.entry("STOPPED", "■"),
            Map.entry("SUCCEEDED", "✓"), Map.entry("PLANNED", "◷"), Map.entry("PASS", "✓"), Map.entry("WARN", "⚠"),
            Map.entry("FAIL", "✗"));

    private final ApiDates dates;

    Look(ApiDates dates) {
        this.dates = dates;
    }

    /** The symbol of a state; a state not yet reached (null) is "not started". */
    public String symbol(Object state) {
        return state == null ? "○" : SYMBOLS.getOrDefault(state.toString(), "•");
    }

    public String word(Object state) {
        return state == null ? "not started" : state.toString();
    }

    /** A CSS class of the state's colour. */
    public String tone(Object state) {
        return "st-" + (state == null ? "NONE" : state.toString());
    }

    /** A state as the pages show it: symbol and word (e.g. "✓ SUCCESS"), and the CSS classes of its colour. */
    public record State(String text, String tone) {
    }

    public State state(Object state) {
        return new State(symbol(state) + " " + word(state), "state " + tone(state));
    }

    /** A time in the node's zone, as the APIs print it; "—" for none. */
    public String time(Instant at) {
        return at == null ? "—" : dates.format(at);
    }
}

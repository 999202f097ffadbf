package io.hutong.console.internal;

import java.time.Duration;
import java.util.StringJoiner;

/** Durations as people read them: {@code 1 d 5 h 30 min 15 s}, zero parts left out. */
public final class Durations {

    private static final String[] UNITS = {"d", "h", "min", "s"};

    private Durations() {
    }

    public static String text(Duration duration) {
        long s = Math.max(0, duration.toSeconds());
        long[] parts = {s / 86_400, s / 3_600 % 24, s / 60 % 60, s % 60};
        StringJoiner text = new StringJoiner(" ");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] > 0) {
                text.add(parts[i] + " " + UNITS[i]);
            }
        }
        return text.length() == 0 ? "0 s" : text.toString();
    }
}

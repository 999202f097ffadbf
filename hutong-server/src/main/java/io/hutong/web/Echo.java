package io.hutong.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a caller may be shown of the values it sent. Error messages name the value they refuse
 * ({@code no job <job_id>}); a value of a megabyte must not come back whole, so every run of
 * characters without a blank or a comma (a value, not a list of them such as
 * {@code oneOf(a,b,c)}) longer than {@value #PREFIX} is cut to that prefix and an ellipsis, and a
 * message to {@value #MESSAGE} characters.
 */
public final class Echo {

    public static final int PREFIX = 64;
    public static final int MESSAGE = 512;

    private Echo() {
    }

    public static String cut(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(message.length(), MESSAGE + 1));
        int run = 0;
        for (int i = 0; i < message.length() && out.length() < MESSAGE; i++) {
            char c = message.charAt(i);
            run = Character.isWhitespace(c) || c == ',' ? 0 : run + 1;
            if (run <= PREFIX) {
                out.append(c);
            } else if (run == PREFIX + 1) {
                out.append('…');
            }
        }
        if (out.length() >= MESSAGE && out.length() < message.length()) {
            out.append('…');
        }
        return out.toString();
    }

    /** The same for the field names and rules of a parameter failure (a field may be a path into a sent object). */
    public static Map<String, List<String>> cut(Map<String, List<String>> violations) {
        Map<String, List<String>> cut = new LinkedHashMap<>();
        violations.forEach((field, rules) -> {
            List<String> shortRules = new ArrayList<>(rules.size());
            rules.forEach(rule -> shortRules.add(cut(rule)));
            cut.merge(cut(field), shortRules, (a, b) -> {
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            });
        });
        return cut;
    }
}

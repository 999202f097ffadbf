package io.hutong.web;

/**
 * The rules every piece of text the node reads obeys, wherever it comes from (a JSON body at any
 * depth, a query or path parameter): no NUL character, which PostgreSQL cannot store, and at most
 * {@link #DEFAULT_LIMIT} characters unless the field says otherwise with {@link TextLimit}. A
 * refusal names the field and the rule: {@code noNul}, {@code maxLength(1024)}.
 */
public final class TextRules {

    /** Characters of a string (or of a JSON field name) no {@link TextLimit} raises or lowers. */
    public static final int DEFAULT_LIMIT = 1024;

    private TextRules() {
    }

    /** The limit of a field or parameter with this annotation, or without one (null). */
    public static int limit(TextLimit limit) {
        return limit == null ? DEFAULT_LIMIT : limit.value();
    }

    /** The rule {@code value} breaks, or null when it breaks none. */
    public static String broken(String value, int limit) {
        if (value.length() > limit) {
            return "maxLength(" + limit + ")";
        }
        return value.indexOf('\0') >= 0 ? "noNul" : null;
    }
}

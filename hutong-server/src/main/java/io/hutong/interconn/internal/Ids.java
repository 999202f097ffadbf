package io.hutong.interconn.internal;

import io.hutong.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Job ids ({@code job-} + 32 alphanumerics), task ids ({@code task_} + 32) and task tokens. */
final class Ids {

    private static final char[] ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            .toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");

    private Ids() {
    }

    static String job() {
        return "job-" + random(32);
    }

    static String task() {
        return "task_" + random(32);
    }

    /**
     * A task id from a peer must be safe to name files and pods by: 1 to 128 letters, digits, {@code _},
     * {@code -} or {@code .}, not starting with a dot.
     */
    static void requireTaskId(String field, String taskId) {
        if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
            throw ApiException.invalid(field, "pattern([A-Za-z0-9_-][A-Za-z0-9_.-]{0,127})");
        }
    }

    static String token() {
        return random(40);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)];
        }
        return new String(chars);
    }
}

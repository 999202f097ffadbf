package io.hutong.interconn.internal;

import io.hutong.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Job ids, task ids and task tokens. Ids are lower case, so every one is a valid RFC 1123 label
 * (Kuscia names Kubernetes objects by them): {@code job-} and {@code task-} with 32 random letters
 * and digits, as the standard's guide has them; in the {@code short} style, for federations with
 * FATE-Flow parties (25 characters per job id), {@code job-} with 21.
 */
final class Ids {

    /** How long this node's ids are ({@code hutong.interconn.id-style}). */
    enum Style {
        STANDARD(32), SHORT(21);

        final int jobRandom;

        Style(int jobRandom) {
            this.jobRandom = jobRandom;
        }
    }

    private static final char[] ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] TOKEN_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            .toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");

    private Ids() {
    }

    static String job(Style style) {
        return "job-" + random(ALPHANUMERIC, style.jobRandom);
    }

    static String task() {
        return "task-" + random(ALPHANUMERIC, 32);
    }

    /** A job id from a peer must be safe to name files and datasets by, as a task id. */
    static void requireJobId(String field, String jobId) {
        if (jobId == null || !TASK_ID.matcher(jobId).matches()) {
            throw ApiException.invalid(field, "pattern([A-Za-z0-9_-][A-Za-z0-9_.-]{0,127})");
        }
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
        return random(TOKEN_CHARACTERS, 40);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(char[] alphabet, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}

package io.hutong.fate;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/** An input stream of generated text lines, made as they are read: large bodies without holding them. */
final class GeneratedLines extends InputStream {

    private final String head;
    private final LongFunction<String> line;
    private final long lines;
    private final String tail;
    private long next = -1;
    private byte[] current = new byte[0];
    private int position;

    /** {@code head}, then {@code line(0) … line(lines - 1)} (each with its own line break), then {@code tail}. */
    GeneratedLines(String head, long lines, LongFunction<String> line, String tail) {
        this.head = head;
        this.lines = lines;
        this.line = line;
        this.tail = tail;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (next > lines) {
                return -1;
            }
            String text = next < 0 ? head : next == lines ? tail : line.apply(next);
            next++;
            current = text.getBytes(StandardCharsets.UTF_8);
            position = 0;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, count);
        position += count;
        return count;
    }
}

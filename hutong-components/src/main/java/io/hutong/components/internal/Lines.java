package io.hutong.components.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** The lines of a file as bytes, without their {@code \n} or {@code \r\n}, read through one buffer. */
final class Lines implements AutoCloseable {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long number;

    Lines(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the file. */
    byte[] next() throws IOException {
        byte[] line = null;
        int length = 0;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (line == null) {
                        return null;
                    }
                    return finish(line, length);
                }
            }
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int piece = end - position;
            if (line == null) {
                line = new byte[Math.max(piece, 64)];
            } else if (length + piece > line.length) {
                line = Arrays.copyOf(line, Math.max(length + piece, line.length * 2));
            }
            System.arraycopy(buffer, position, line, length, piece);
            length += piece;
            position = end;
            if (end < limit) {
                position++;
                return finish(line, length);
            }
        }
    }

    /** The number (from 1) of the line {@link #next} returned last. */
    long number() {
        return number;
    }

    private byte[] finish(byte[] line, int length) {
        number++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return Arrays.copyOf(line, length);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

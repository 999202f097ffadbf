package io.hutong.components.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records of one size written to disk in {@value #PARTS} part files, chosen by the top six bits of
 * one byte of the record (the masked values are uniform, so the parts come out even).
 */
final class Spill implements AutoCloseable {

    static final int PARTS = 64;

    private final Path directory;
    private final String name;
    private final int recordSize;
    private final int byteIndex;
    private final OutputStream[] parts = new OutputStream[PARTS];
    private final long[] records = new long[PARTS];

    /**
     * @param name the files' prefix in {@code directory}
     * @param byteIndex which byte of a record picks its part
     */
    Spill(Path directory, String name, int recordSize, int byteIndex) {
        this.directory = directory;
        this.name = name;
        this.recordSize = recordSize;
        this.byteIndex = byteIndex;
        try {
            for (int p = 0; p < PARTS; p++) {
                parts[p] = new BufferedOutputStream(Files.newOutputStream(part(p)), 1 << 15);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot write in " + directory, e);
        }
    }

    int recordSize() {
        return recordSize;
    }

    int byteIndex() {
        return byteIndex;
    }

    /** Adds the record at {@code source[offset]}. */
    void add(byte[] source, int offset) {
        int p = (source[offset + byteIndex] & 0xFF) >>> 2;
        try {
            parts[p].write(source, offset, recordSize);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + directory, e);
        }
        records[p]++;
    }

    Path part(int p) {
        return directory.resolve(name + "-" + p);
    }

    long records(int p) {
        return records[p];
    }

    /** Closes the files, which stay until {@link #delete}. */
    @Override
    public void close() {
        UncheckedIOException failed = null;
        for (OutputStream part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (IOException e) {
                failed = new UncheckedIOException("cannot write in " + directory, e);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    void delete(int p) {
        try {
            Files.deleteIfExists(part(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

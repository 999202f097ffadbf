package io.hutong.components.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A party's dataset read as SecretFlow's containers read it: a CSV file with a header line, fields
 * split on every {@code ,} (no quoting), blank lines skipped. A row's item is its key fields, each
 * stripped of ASCII whitespace, joined with {@code ,}, as the bytes of the file.
 */
final class Dataset {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Path file;
    private final String name;
    private final byte[] header;
    private final List<String> keyColumns;
    private final int[] keyIndexes;
    private final int fieldsNeeded;

    private Dataset(Path file, String name, byte[] header, List<String> keyColumns, int[] keyIndexes) {
        this.file = file;
        this.name = name;
        this.header = header;
        this.keyColumns = keyColumns;
        this.keyIndexes = keyIndexes;
        this.fieldsNeeded = Arrays.stream(keyIndexes).max().orElse(0) + 1;
    }

    /**
     * Reads the header and finds the key columns.
     *
     * @param name how errors name the dataset ({@code namespace/name})
     * @param keyColumns the key columns' names; none: the first column
     */
    static Dataset open(Path file, String name, List<String> keyColumns) {
        byte[] header;
        try (Lines lines = new Lines(Files.newInputStream(file))) {
            header = lines.next();
        } catch (NoSuchFileException e) {
            throw new ComponentFailure("input train_data: dataset " + name + " does not exist (" + file + ")");
        } catch (IOException e) {
            throw new ComponentFailure("input train_data: dataset " + name + " cannot be read: " + e.getMessage());
        }
        if (header == null) {
            throw new ComponentFailure("input train_data: dataset " + name + " is empty; its first line must name "
                    + "the columns");
        }
        int skip = startsWithBom(header) ? BOM.length : 0;
        String[] split = new String(header, skip, header.length - skip, StandardCharsets.UTF_8).split(",", -1);
        List<String> columns = new ArrayList<>();
        for (String column : split) {
            columns.add(column.strip());
        }
        List<String> keys = keyColumns.isEmpty() ? List.of(columns.get(0)) : keyColumns;
        int[] indexes = new int[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            indexes[i] = columns.indexOf(key);
            if (indexes[i] < 0) {
                throw new ComponentFailure("parameter field_names: column '" + key + "' is not in dataset " + name
                        + ", whose columns are " + columns);
            }
            if (columns.lastIndexOf(key) != indexes[i]) {
                throw new ComponentFailure("parameter field_names: column '" + key + "' appears "
                        + columns.stream().filter(key::equals).count() + " times in the header of dataset " + name);
            }
        }
        return new Dataset(file, name, header, List.copyOf(keys), indexes);
    }

    List<String> keyColumns() {
        return keyColumns;
    }

    /** Counts the rows, checking that each has every key column. */
    long count() {
        long rows = 0;
        try (Rows reader = rows()) {
            while (reader.next()) {
                reader.item();
                rows++;
            }
        }
        return rows;
    }

    Rows rows() {
        try {
            Lines lines = new Lines(Files.newInputStream(file));
            lines.next();
            return new Rows(lines);
        } catch (IOException e) {
            throw new ComponentFailure("input train_data: dataset " + name + " cannot be read: " + e.getMessage());
        }
    }

    /** Writes the header and the rows whose index is set in {@code rows}, as they are in the file. */
    void copyRows(BitSet selected, Path target) {
        try (Rows reader = rows(); OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            out.write(header);
            out.write('\n');
            for (int row = 0; reader.next(); row++) {
                if (selected.get(row)) {
                    out.write(reader.line());
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows in order; each row's item only when asked. */
    final class Rows implements AutoCloseable {

        private final Lines lines;
        private byte[] line;

        private Rows(Lines lines) {
            this.lines = lines;
        }

        /** Moves to the next row; false at the end. */
        boolean next() {
            try {
                do {
                    line = lines.next();
                } while (line != null && line.length == 0);
            } catch (IOException e) {
                throw new ComponentFailure("input train_data: dataset " + name + " cannot be read: " + e.getMessage());
            }
            return line != null;
        }

        byte[] line() {
            return line;
        }

        /** The row's item: its key fields, stripped, joined with {@code ,}. */
        byte[] item() {
            // [from, to) of each field up to the last key column
            int[] from = new int[fieldsNeeded];
            int[] to = new int[fieldsNeeded];
            int fields = 0;
            for (int i = 0, start = 0; i <= line.length && fields < fieldsNeeded; i++) {
                if (i == line.length || line[i] == ',') {
                    from[fields] = start;
                    to[fields] = i;
                    fields++;
                    start = i + 1;
                }
            }
            if (fields < fieldsNeeded) {
                throw tooFewFields(fields);
            }
            int length = keyIndexes.length - 1;
            for (int index : keyIndexes) {
                while (from[index] < to[index] && whitespace(line[from[index]])) {
                    from[index]++;
                }
                while (to[index] > from[index] && whitespace(line[to[index] - 1])) {
                    to[index]--;
                }
                length += to[index] - from[index];
            }
            byte[] item = new byte[length];
            int at = 0;
            for (int k = 0; k < keyIndexes.length; k++) {
                if (k > 0) {
                    item[at++] = ',';
                }
                int index = keyIndexes[k];
                System.arraycopy(line, from[index], item, at, to[index] - from[index]);
                at += to[index] - from[index];
            }
            return item;
        }

        private ComponentFailure tooFewFields(int fields) {
            int k = 0;
            while (keyIndexes[k] < fields) {
                k++;
            }
            return new ComponentFailure("input train_data: line " + lines.number() + " of dataset " + name + " has "
                    + fields + " field" + (fields == 1 ? "" : "s") + "; key column '" + keyColumns.get(k) + "' is field "
                    + (keyIndexes[k] + 1));
        }

        @Override
        public void close() {
            try {
                lines.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
    }

    private static boolean startsWithBom(byte[] line) {
        return line.length >= BOM.length && Arrays.equals(line, 0, BOM.length, BOM, 0, BOM.length);
    }
}

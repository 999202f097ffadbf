package io.hutong.data.internal;

import io.hutong.web.ApiException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies a CSV body to storage in one pass, checking it on the way, without holding more than a
 * buffer and the header line. Values are split on {@code ,} with no quoting, exactly as SecretFlow's
 * containers split them, so that what is counted here is what a component sees. The stored file is
 * the body with a leading UTF-8 byte-order mark, blank lines and the {@code \r} of {@code \r\n}
 * line ends left out, every line ending in {@code \n}. Refusals name the body's line.
 */
final class CsvCopy {

    static final int MAX_HEADER_BYTES = 1 << 20;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** The header's columns and the data lines after it. */
    record Result(List<String> columns, long rows) {
    }

    private final OutputStream out;
    private final List<String> idColumns;
    /** The header line's bytes until it ends; null after. */
    private ByteArrayOutputStream header = new ByteArrayOutputStream();
    private List<String> columns;
    private boolean[] isId;
    private long line = 1;
    private int field;
    private boolean fieldEmpty = true;
    private boolean lineEmpty = true;
    private boolean pendingCr;
    private long rows;

    private CsvCopy(OutputStream out, List<String> idColumns) {
        this.out = out;
        this.idColumns = idColumns;
    }

    /**
     * @param idColumns the columns no line may leave empty; none: the first column
     * @param maxBytes the most bytes {@code in} may hold
     */
    static Result copy(InputStream in, OutputStream out, List<String> idColumns, long maxBytes) throws IOException {
        CsvCopy copy = new CsvCopy(out, idColumns);
        byte[] buffer = new byte[1 << 16];
        long read = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            read += n;
            if (read > maxBytes) {
                throw tooLarge(maxBytes);
            }
            copy.feed(buffer, n);
        }
        return copy.finish();
    }

    static ApiException tooLarge(long maxBytes) {
        return ApiException.invalid("body", "maxSize(" + maxBytes + ")");
    }

    private void feed(byte[] buffer, int length) throws IOException {
        int from = 0;
        if (header != null) {
            int end = indexOf(buffer, (byte) '\n', length);
            int headerPart = end < 0 ? length : end;
            if (header.size() + headerPart > MAX_HEADER_BYTES) {
                throw ApiException.invalid("body", "header(line 1: longer than " + MAX_HEADER_BYTES + " bytes)");
            }
            header.write(buffer, 0, headerPart);
            if (end < 0) {
                return;
            }
            endHeader();
            from = end + 1;
        }
        int segment = from;
        for (int i = from; i < length; i++) {
            byte b = buffer[i];
            if (pendingCr) {
                pendingCr = false;
                if (b != '\n') {
                    // a lone \r is part of a value
                    out.write('\r');
                    fieldEmpty = false;
                    lineEmpty = false;
                }
            }
            if (b == '\n') {
                out.write(buffer, segment, i - segment);
                segment = i + 1;
                endLine();
            } else if (b == '\r') {
                out.write(buffer, segment, i - segment);
                segment = i + 1;
                pendingCr = true;
            } else if (b == ',') {
                endField();
                lineEmpty = false;
            } else {
                fieldEmpty = false;
                lineEmpty = false;
            }
        }
        out.write(buffer, segment, length - segment);
    }

    private Result finish() throws IOException {
        if (header != null) {
            endHeader();
        }
        pendingCr = false;
        if (!lineEmpty) {
            endLine();
        }
        return new Result(columns, rows);
    }

    /**
     * The column names of a stored file's header line, read without checks (a component wrote it);
     * none for an empty file.
     */
    /** What a file written by a component holds: its header's columns, and its data lines (blank ones left out). */
    record Shape(List<String> columns, long rows) {
    }

    static Shape shape(InputStream in) throws IOException {
        InputStream buffered = new BufferedInputStream(in, 1 << 16);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while (line.size() < MAX_HEADER_BYTES && (b = buffered.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int start = start(bytes);
        int end = end(bytes, start);
        List<String> columns = start == end ? List.of()
                : List.of(new String(bytes, start, end - start, StandardCharsets.UTF_8).split(",", -1));
        long rows = 0;
        boolean filled = false;
        while ((b = buffered.read()) >= 0) {
            if (b == '\n') {
                rows += filled ? 1 : 0;
                filled = false;
            } else if (b != '\r') {
                filled = true;
            }
        }
        return new Shape(columns, rows + (filled ? 1 : 0));
    }

    /** Where a header line starts, after a byte-order mark. */
    private static int start(byte[] line) {
        return line.length >= BOM.length && Arrays.equals(line, 0, BOM.length, BOM, 0, BOM.length) ? BOM.length : 0;
    }

    /** Where a header line ends, before the {@code \r} of {@code \r\n}. */
    private static int end(byte[] line, int start) {
        return line.length > start && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
    }

    private void endHeader() throws IOException {
        byte[] bytes = header.toByteArray();
        header = null;
        int start = start(bytes);
        int end = end(bytes, start);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalid("body", "header(line 1: not UTF-8)");
        }
        if (text.isEmpty()) {
            throw ApiException.invalid("body", "header(line 1: missing; the first line names the columns)");
        }
        columns = List.of(text.split(",", -1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).isBlank()) {
                throw ApiException.invalid("body", "header(line 1: column " + (i + 1) + " has no name)");
            }
            if (!seen.add(columns.get(i))) {
                throw ApiException.invalid("body", "header(line 1: column " + (i + 1) + " repeats \""
                        + columns.get(i) + "\")");
            }
        }
        isId = new boolean[columns.size()];
        if (idColumns.isEmpty()) {
            isId[0] = true;
        }
        for (String id : idColumns) {
            int index = columns.indexOf(id);
            if (index < 0) {
                throw ApiException.invalid("idColumns", "oneOf(" + String.join(",", columns) + ")");
            }
            isId[index] = true;
        }
        out.write(bytes, start, end - start);
        out.write('\n');
        line = 2;
    }

    private void endField() {
        if (field < isId.length && isId[field] && fieldEmpty) {
            throw ApiException.invalid("body", "idNotEmpty(line " + line + ": column \"" + columns.get(field)
                    + "\" is empty)");
        }
        field++;
        fieldEmpty = true;
    }

    private void endLine() throws IOException {
        if (!lineEmpty) {
            endField();
            if (field != columns.size()) {
                throw ApiException.invalid("body", "columns(line " + line + ": " + field + " values, the header has "
                        + columns.size() + ")");
            }
            out.write('\n');
            rows++;
        }
        line++;
        field = 0;
        fieldEmpty = true;
        lineEmpty = true;
    }

    private static int indexOf(byte[] buffer, byte wanted, int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}

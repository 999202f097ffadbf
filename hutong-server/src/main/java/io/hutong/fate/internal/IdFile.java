package io.hutong.fate.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id file of an ApiReader upload, read line by line: one id per line, maybe a header line
 * first. FATE 1.11.2+ names the file {@code id} and writes the id column's name first; earlier
 * versions send the full local path and ids only. A body that is not multipart/form-data but carries
 * multipart framing (the document's example declares application/octet-stream) is unwrapped here.
 */
public final class IdFile {

    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private final BufferedReader reader;
    private String filename;
    /** The closing boundary line of framing this class unwraps itself; null for a plain file. */
    private String boundary;
    private String pending;

    private IdFile(InputStream content, String filename) {
        this.reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 1 << 16);
        this.filename = filename;
    }

    /** The {@code file} part of a multipart/form-data upload. */
    public static IdFile part(String filename, InputStream content) {
        return new IdFile(content, filename);
    }

    /** A raw request body: the id file itself, or a multipart body sent under another Content-Type. */
    public static IdFile body(InputStream content) throws IOException {
        IdFile file = new IdFile(content, null);
        String first = file.reader.readLine();
        if (first != null && first.startsWith("--") && first.length() > 2) {
            String line;
            boolean framed = false;
            while ((line = file.reader.readLine()) != null && !line.isEmpty()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                    framed = true;
                    Matcher name = FILENAME.matcher(line);
                    if (name.find()) {
                        file.filename = name.group(1);
                    }
                }
            }
            if (framed) {
                file.boundary = first.strip();
                return file;
            }
        }
        file.pending = first;
        return file;
    }

    public String filename() {
        return filename;
    }

    /** True for FATE 1.11.2's file: named {@code id}, without a directory. */
    boolean namedLikeFate1112() {
        return "id".equals(filename);
    }

    /** The next non-blank line, without its line break; null at the end of the file. */
    String nextLine() throws IOException {
        while (true) {
            String line;
            if (pending != null) {
                line = pending;
                pending = null;
            } else {
                line = reader.readLine();
            }
            if (line == null || boundary != null && line.startsWith(boundary)) {
                return null;
            }
            if (!line.isBlank()) {
                return line;
            }
        }
    }
}

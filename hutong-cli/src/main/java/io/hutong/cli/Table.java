package io.hutong.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/** A plain aligned table, kubectl style: upper-case headers, columns two spaces apart, nothing else. */
final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> headers) {
        this.headers = headers;
    }

    static Table of(String... headers) {
        return new Table(List.of(headers));
    }

    /**
     * The scalar fields of a list of objects, in the order they first appear; for answers whose shape the CLI does
     * not lay out itself.
     */
    static Table of(JsonNode objects) {
        Set<String> fields = new LinkedHashSet<>();
        objects.forEach(item -> item.properties().forEach(field -> {
            if (isCell(field.getValue())) {
                fields.add(field.getKey());
            }
        }));
        Table table = new Table(fields.stream().map(field -> field.toUpperCase(Locale.ROOT)).toList());
        objects.forEach(item -> table.row(fields.stream().map(item::path).toArray()));
        return table;
    }

    /** One row per field of an object: its scalar fields and lists of scalars. */
    static Table fields(JsonNode object) {
        Table table = of("FIELD", "VALUE");
        object.properties().forEach(field -> {
            if (isCell(field.getValue())) {
                table.row(field.getKey(), field.getValue());
            }
        });
        return table;
    }

    private static boolean isCell(JsonNode value) {
        return value.isValueNode()
                || value.isArray() && StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isValueNode);
    }

    /**
     * Cells may be text, numbers or JSON values (null and missing print as nothing, lists as a,b); a row shorter
     * than the headers leaves the last columns empty.
     */
    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            row.add(i < cells.length ? text(cells[i]) : "");
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    static String text(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof JsonNode node) {
            if (node.isNull() || node.isMissingNode()) {
                return "";
            }
            if (node.isArray()) {
                List<String> items = new ArrayList<>();
                node.forEach(item -> items.add(text(item)));
                return String.join(",", items);
            }
            return node.isValueNode() ? node.asString() : node.toString();
        }
        return cell.toString();
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(headers.get(i));
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        line(out, headers, widths);
        rows.forEach(row -> line(out, row, widths));
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i).replaceAll("[\\r\\n\\t]+", " ");
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }

    /** Columns as a terminal shows them: Chinese, Japanese and Korean characters take two. */
    static int width(String text) {
        return text.codePoints().map(c -> wide(c) ? 2 : 1).sum();
    }

    private static boolean wide(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || codePoint >= 0x3000 && codePoint <= 0x303F || codePoint >= 0xFF01 && codePoint <= 0xFF60;
    }
}

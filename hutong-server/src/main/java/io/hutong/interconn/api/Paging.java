package io.hutong.interconn.api;

import io.hutong.web.Violations;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code page} (from 1) and {@code page_size} of a BFIA list, as Hutong adds them to the standard's
 * lists. A caller that names neither gets the whole list in the standard's shape.
 */
record Paging(int page, int size, boolean asked) {

    static final int MAX_SIZE = 1000;
    private static final int DEFAULT_SIZE = 100;

    static Paging of(String page, String pageSize) {
        if ((page == null || page.isBlank()) && (pageSize == null || pageSize.isBlank())) {
            return new Paging(1, Integer.MAX_VALUE, false);
        }
        Violations v = new Violations();
        int number = number(page, "page", 1, Integer.MAX_VALUE / MAX_SIZE, 1, v);
        int size = number(pageSize, "page_size", 1, MAX_SIZE, DEFAULT_SIZE, v);
        v.throwIfAny();
        return new Paging(number, size, true);
    }

    int offset() {
        return asked ? (page - 1) * size : 0;
    }

    /** The list under its name, with Hutong's total, page and page_size next to it when a page was asked for. */
    Map<String, Object> answer(String name, Object list, long total) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(name, list);
        if (asked) {
            answer.put("total", total);
            answer.put("page", page);
            answer.put("page_size", size);
        }
        return answer;
    }

    private static int number(String text, String field, int min, int max, int otherwise, Violations v) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min) {
                v.add(field, "min(" + min + ")");
            } else if (value > max) {
                v.add(field, "max(" + max + ")");
            }
            return value;
        } catch (NumberFormatException e) {
            v.add(field, "integer");
            return otherwise;
        }
    }
}

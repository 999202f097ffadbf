package io.hutong.interconn.api;

import io.hutong.web.Violations;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code page} (from 1) and {@code page_size} of a BFIA list, as Hutong adds them to the standard's lists. */
record Paging(int page, int size) {

    static final int MAX_SIZE = 1000;

    static Paging of(String page, String pageSize, int defaultSize) {
        Violations v = new Violations();
        int number = number(page, "page", 1, Integer.MAX_VALUE / MAX_SIZE, 1, v);
        int size = number(pageSize, "page_size", 1, MAX_SIZE, defaultSize, v);
        v.throwIfAny();
        return new Paging(number, size);
    }

    int offset() {
        return (page - 1) * size;
    }

    /** The list under its name, with Hutong's total, page and page_size next to it. */
    Map<String, Object> answer(String name, Object list, long total) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(name, list);
        answer.put("total", total);
        answer.put("page", page);
        answer.put("page_size", size);
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

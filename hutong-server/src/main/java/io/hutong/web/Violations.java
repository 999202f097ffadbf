package io.hutong.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects every broken rule of a request, field by field, then fails once with all of them. */
public final class Violations {

    private final Map<String, List<String>> found = new LinkedHashMap<>();

    public Violations add(String field, String rule) {
        found.computeIfAbsent(field, k -> new ArrayList<>()).add(rule);
        return this;
    }

    /** Adds {@code notBlank} when the value is missing or blank; returns whether it was present. */
    public boolean requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            add(field, "notBlank");
            return false;
        }
        return true;
    }

    /** Adds {@code notNull} when the value is missing; returns whether it was present. */
    public boolean require(String field, Object value) {
        if (value == null) {
            add(field, "notNull");
            return false;
        }
        return true;
    }

    /** How many fields broke a rule so far (to tell whether one part of a request added any). */
    public int size() {
        return found.size();
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw ApiException.invalid(found);
        }
    }
}

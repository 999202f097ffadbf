package io.hutong.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the {@code order} array of a list request into an SQL ORDER BY over a whitelist of keys. */
public final class SortOrder {

    private SortOrder() {
    }

    /**
     * @param order the request's keys, in priority order; entries with an empty key are ignored
     *     (the INFINITE document's own example sends one)
     * @param columns the accepted keys and the SQL expression each one sorts by
     * @param tieBreaker appended last so that pages are stable
     */
    public static String orderBy(List<OrderItem> order, Map<String, String> columns, String defaultOrder,
            String tieBreaker) {
        StringBuilder sql = new StringBuilder();
        if (order != null) {
            for (int i = 0; i < order.size(); i++) {
                OrderItem item = order.get(i);
                if (item == null || item.key() == null || item.key().isBlank()) {
                    continue;
                }
                String column = columns.get(item.key().strip());
                if (column == null) {
                    throw ApiException.invalid("order[" + i + "].key",
                            "oneOf(" + String.join(",", columns.keySet()) + ")");
                }
                String sort = item.sort() == null || item.sort().isBlank() ? "asc"
                        : item.sort().strip().toLowerCase(Locale.ROOT);
                if (!sort.equals("asc") && !sort.equals("desc")) {
                    throw ApiException.invalid("order[" + i + "].sort", "oneOf(asc,desc)");
                }
                sql.append(sql.isEmpty() ? "" : ", ").append(column).append(' ').append(sort);
            }
        }
        if (sql.isEmpty()) {
            sql.append(defaultOrder);
        }
        return sql.append(", ").append(tieBreaker).toString();
    }
}

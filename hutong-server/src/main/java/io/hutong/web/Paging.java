package io.hutong.web;

import java.util.List;

/**
 * A page of a list that grows with use: {@code pageNum} from 1 and {@code pageSize} up to 1000, as
 * the INFINITE lists have them. A caller that names neither gets the whole list, in the shape it
 * always had; one that names either gets {@link Page}.
 */
public record Paging(int pageNum, int pageSize) {

    public static final int MAX_SIZE = 1000;
    /** The whole list, for a caller that asked for no page. */
    public static final Paging ALL = new Paging(1, Integer.MAX_VALUE);

    /** The page asked for; {@link #ALL} when neither parameter is given. */
    public static Paging of(Integer pageNum, Integer pageSize) {
        if (pageNum == null && pageSize == null) {
            return ALL;
        }
        Violations v = new Violations();
        int number = pageNum == null ? 1 : pageNum;
        int size = pageSize == null ? 20 : pageSize;
        if (number < 1) {
            v.add("pageNum", "min(1)");
        }
        if (size < 1) {
            v.add("pageSize", "min(1)");
        } else if (size > MAX_SIZE) {
            v.add("pageSize", "max(" + MAX_SIZE + ")");
        }
        v.throwIfAny();
        return new Paging(number, size);
    }

    public long offset() {
        return this == ALL ? 0 : (long) (pageNum - 1) * pageSize;
    }

    public int limit() {
        return pageSize;
    }

    /** The answer: the list as it always was for {@link #ALL}, else the page with its counts. */
    public <T> Object answer(List<T> items, long total) {
        return this == ALL ? items : new Page<>(total, pageNum, pageSize, (int) ((total + pageSize - 1) / pageSize),
                items);
    }

    /** A page, as the INFINITE lists answer one. */
    public record Page<T>(long total, int pageCurrent, int pageSize, int pageTotal, List<T> list) {
    }
}

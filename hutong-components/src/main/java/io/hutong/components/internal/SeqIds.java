package io.hutong.components.internal;

import java.util.TreeSet;

/** A set of sequence ids from 1 up, kept as the longest run from 1 plus the few above it. */
final class SeqIds {

    private long run;
    private final TreeSet<Long> above = new TreeSet<>();

    /** @return false when the id was in the set already */
    boolean add(long id) {
        if (id <= run || !above.add(id)) {
            return false;
        }
        while (!above.isEmpty() && above.first() == run + 1) {
            run = above.pollFirst();
        }
        return true;
    }

    /** Whether every id from 1 to {@code last} is in the set. */
    boolean hasAllUpTo(long last) {
        return run >= last;
    }
}

package io.hutong.components.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Finds the own rows whose doubly masked value is among the peer's, one part of the spills at a
 * time: a part's peer values go into a hash set of primitive arrays, and the part's own records
 * are looked up in it. A part too large for the set is split again by the next byte of the value,
 * so memory stays bounded whatever the set sizes.
 */
final class Matching {

    /** Bytes of a compared value: the last 12 bytes of the doubly masked point. */
    static final int VALUE = 12;
    /** An own record: the value and the row's index (4 bytes, big-endian). */
    static final int OWN_RECORD = VALUE + 4;
    // ~26 MB of set for this many values
    private static final long SET_LIMIT = 1 << 20;

    private Matching() {
    }

    /** Sets in {@code hits} the row of every own record whose value is a peer value; deletes the spills' files. */
    static void match(Spill peer, Spill own, Path directory, BitSet hits) {
        match(peer, own, directory, hits, SET_LIMIT);
    }

    /** @param setLimit the most peer values of a part held at once; a larger part is split */
    static void match(Spill peer, Spill own, Path directory, BitSet hits, long setLimit) {
        for (int p = 0; p < Spill.PARTS; p++) {
            if (peer.records(p) > setLimit && peer.byteIndex() + 1 < VALUE) {
                Spill peerSplit = split(peer, p, directory);
                Spill ownSplit = split(own, p, directory);
                peer.delete(p);
                own.delete(p);
                match(peerSplit, ownSplit, directory, hits, setLimit);
                continue;
            }
            if (peer.records(p) > 0) {
                ValueSet values = new ValueSet((int) Math.min(peer.records(p), setLimit));
                read(peer.part(p), VALUE, values::add);
                read(own.part(p), OWN_RECORD, record -> {
                    if (values.contains(record)) {
                        hits.set(((record[VALUE] & 0xFF) << 24) | ((record[VALUE + 1] & 0xFF) << 16)
                                | ((record[VALUE + 2] & 0xFF) << 8) | (record[VALUE + 3] & 0xFF));
                    }
                });
            }
            peer.delete(p);
            own.delete(p);
        }
    }

    /** The part's records in a spill of their own, split by the next byte; its files complete. */
    private static Spill split(Spill spill, int p, Path directory) {
        String name = spill.part(p).getFileName() + "." + (spill.byteIndex() + 1);
        try (Spill split = new Spill(directory, name, spill.recordSize(), spill.byteIndex() + 1)) {
            read(spill.part(p), spill.recordSize(), record -> split.add(record, 0));
            return split;
        }
    }

    private interface RecordConsumer {
        void accept(byte[] record);
    }

    private static void read(Path file, int size, RecordConsumer consumer) {
        byte[] record = new byte[size];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                try {
                    in.readFully(record);
                } catch (EOFException end) {
                    return;
                }
                consumer.accept(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** An open-addressing set of 12-byte values in three arrays, growing as it fills. */
    static final class ValueSet {

        private long[] high;
        private int[] low;
        private boolean[] used;
        private int size;

        ValueSet(int expected) {
            allocate(Integer.highestOneBit(Math.max(16, expected) * 2 - 1) * 2);
        }

        void add(byte[] value) {
            long h = high(value);
            int l = low(value);
            if (find(h, l) < 0) {
                if ((size + 1) * 2L > used.length) {
                    grow();
                }
                insert(h, l);
            }
        }

        boolean contains(byte[] value) {
            return find(high(value), low(value)) >= 0;
        }

        private int find(long h, int l) {
            int mask = used.length - 1;
            for (int slot = slot(h, l, mask); used[slot]; slot = (slot + 1) & mask) {
                if (high[slot] == h && low[slot] == l) {
                    return slot;
                }
            }
            return -1;
        }

        private void insert(long h, int l) {
            int mask = used.length - 1;
            int slot = slot(h, l, mask);
            while (used[slot]) {
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            high[slot] = h;
            low[slot] = l;
            size++;
        }

        private void grow() {
            long[] oldHigh = high;
            int[] oldLow = low;
            boolean[] oldUsed = used;
            allocate(oldUsed.length * 2);
            for (int i = 0; i < oldUsed.length; i++) {
                if (oldUsed[i]) {
                    insert(oldHigh[i], oldLow[i]);
                }
            }
        }

        private void allocate(int capacity) {
            high = new long[capacity];
            low = new int[capacity];
            used = new boolean[capacity];
            size = 0;
        }

        private static int slot(long h, int l, int mask) {
            // the values are uniform already, but a part shares the bits that chose it
            long x = (h ^ (l * 0x9E3779B97F4A7C15L)) * 0xBF58476D1CE4E5B9L;
            return (int) (x ^ (x >>> 31)) & mask;
        }

        private static long high(byte[] value) {
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (value[i] & 0xFF);
            }
            return h;
        }

        private static int low(byte[] value) {
            return ((value[8] & 0xFF) << 24) | ((value[9] & 0xFF) << 16) | ((value[10] & 0xFF) << 8) | (value[11] & 0xFF);
        }
    }
}

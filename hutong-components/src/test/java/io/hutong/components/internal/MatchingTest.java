package io.hutong.components.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spilled matching against a plain set, with parts small enough to fit and parts split again. */
class MatchingTest {

    @TempDir
    Path directory;

    @Test
    void findsTheOwnRowsWhoseValueThePeerHas() throws Exception {
        assertMatches(20_000, 15_000, Long.MAX_VALUE);
    }

    @Test
    void splitsAPartTooLargeForOneSetAndFindsTheSame() throws Exception {
        // 64 parts of about 470 peer values each, at most 100 at once: every part is split again
        assertMatches(30_000, 30_000, 100);
    }

    private void assertMatches(int ownCount, int peerCount, long setLimit) throws Exception {
        Random random = new Random(ownCount + setLimit);
        List<byte[]> shared = values(random, ownCount / 3);
        List<byte[]> own = new ArrayList<>(shared);
        own.addAll(values(random, ownCount - shared.size()));
        // a repeated own value, as duplicate ids give
        own.set(own.size() - 1, own.get(0));
        List<byte[]> peer = new ArrayList<>(shared);
        peer.addAll(values(random, peerCount - shared.size()));
        peer.add(shared.get(1));

        Spill peerSpill = new Spill(directory, "peer", Matching.VALUE, 0);
        peer.forEach(value -> peerSpill.add(value, 0));
        peerSpill.close();
        Spill ownSpill = new Spill(directory, "own", Matching.OWN_RECORD, 0);
        for (int row = 0; row < own.size(); row++) {
            ownSpill.add(ByteBuffer.allocate(Matching.OWN_RECORD).put(own.get(row)).putInt(row).array(), 0);
        }
        ownSpill.close();
        BitSet hits = new BitSet();

        Matching.match(peerSpill, ownSpill, directory, hits, setLimit);

        Set<ByteBuffer> peerSet = new HashSet<>();
        peer.forEach(value -> peerSet.add(ByteBuffer.wrap(value)));
        BitSet expected = new BitSet();
        for (int row = 0; row < own.size(); row++) {
            if (peerSet.contains(ByteBuffer.wrap(own.get(row)))) {
                expected.set(row);
            }
        }
        assertThat(hits).isEqualTo(expected);
        assertThat(hits.get(own.size() - 1)).isTrue();
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).isEmpty();
        }
    }

    private static List<byte[]> values(Random random, int count) {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[Matching.VALUE];
            random.nextBytes(value);
            values.add(value);
        }
        return values;
    }
}

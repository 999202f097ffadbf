package io.hutong.sr25519;

/**
 * The Keccak-f[1600] permutation (FIPS 202, section 3). BouncyCastle keeps its copy private, and
 * STROBE needs the bare permutation, not a hash.
 */
final class KeccakF1600 {

    private static final long[] ROUND_CONSTANTS = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
        0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
        0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L};
    /** Rho rotations, in the order the pi step visits the lanes. */
    private static final int[] ROTATIONS = {
        1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44};
    /** The pi step's lane order, starting from lane 1. */
    private static final int[] PI_LANES = {
        10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1};

    private KeccakF1600() {
    }

    /** Permutes a 200-byte state in place; lanes are little-endian 64-bit words. */
    static void permute(byte[] state) {
        long[] lanes = new long[25];
        for (int i = 0; i < 25; i++) {
            long lane = 0;
            for (int b = 7; b >= 0; b--) {
                lane = (lane << 8) | (state[i * 8 + b] & 0xffL);
            }
            lanes[i] = lane;
        }
        permute(lanes);
        for (int i = 0; i < 25; i++) {
            long lane = lanes[i];
            for (int b = 0; b < 8; b++) {
                state[i * 8 + b] = (byte) (lane >>> (8 * b));
            }
        }
    }

    static void permute(long[] a) {
        long[] c = new long[5];
        for (long roundConstant : ROUND_CONSTANTS) {
            // theta
            for (int x = 0; x < 5; x++) {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }
            for (int x = 0; x < 5; x++) {
                long d = c[(x + 4) % 5] ^ Long.rotateLeft(c[(x + 1) % 5], 1);
                for (int y = 0; y < 25; y += 5) {
                    a[y + x] ^= d;
                }
            }
            // rho and pi
            long carried = a[1];
            for (int i = 0; i < 24; i++) {
                int lane = PI_LANES[i];
                long next = a[lane];
                a[lane] = Long.rotateLeft(carried, ROTATIONS[i]);
                carried = next;
            }
            // chi
            for (int y = 0; y < 25; y += 5) {
                for (int x = 0; x < 5; x++) {
                    c[x] = a[y + x];
                }
                for (int x = 0; x < 5; x++) {
                    a[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]);
                }
            }
            // iota
            a[0] ^= roundConstant;
        }
    }
}

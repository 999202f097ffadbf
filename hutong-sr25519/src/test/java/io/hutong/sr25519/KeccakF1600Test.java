package io.hutong.sr25519;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.junit.jupiter.api.Test;

/** The permutation, checked through a SHA3-256 sponge built on it against BouncyCastle's SHA3. */
class KeccakF1600Test {

    @Test
    void aSha3SpongeOnThePermutationMatchesBouncyCastle() {
        for (String text : new String[] {"", "abc", "x".repeat(135), "y".repeat(136), "z".repeat(1000)}) {
            byte[] input = text.getBytes(StandardCharsets.UTF_8);
            assertThat(sha3(input)).as("length %d", input.length).isEqualTo(bouncyCastle(input));
        }
    }

    private static byte[] sha3(byte[] input) {
        int rate = 136;
        byte[] state = new byte[200];
        byte[] padded = new byte[(input.length / rate + 1) * rate];
        System.arraycopy(input, 0, padded, 0, input.length);
        padded[input.length] ^= 0x06;
        padded[padded.length - 1] ^= (byte) 0x80;
        for (int block = 0; block < padded.length; block += rate) {
            for (int i = 0; i < rate; i++) {
                state[i] ^= padded[block + i];
            }
            KeccakF1600.permute(state);
        }
        byte[] out = new byte[32];
        System.arraycopy(state, 0, out, 0, 32);
        return out;
    }

    private static byte[] bouncyCastle(byte[] input) {
        SHA3Digest digest = new SHA3Digest(256);
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}

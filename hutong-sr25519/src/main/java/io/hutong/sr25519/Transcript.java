package io.hutong.sr25519;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** A Merlin transcript (merlin.cool): labelled messages in, challenge bytes out, over STROBE-128. */
final class Transcript {

    private final Strobe128 strobe;

    Transcript(String label) {
        strobe = new Strobe128("Merlin v1.0");
        append("dom-sep", label.getBytes(StandardCharsets.UTF_8));
    }

    private Transcript(Strobe128 strobe) {
        this.strobe = strobe;
    }

    Transcript copy() {
        return new Transcript(strobe.copy());
    }

    void append(String label, byte[] message) {
        strobe.metaAd(bytes(label), false);
        strobe.metaAd(u32(message.length), true);
        strobe.ad(message, false);
    }

    byte[] challenge(String label, int length) {
        byte[] out = new byte[length];
        strobe.metaAd(bytes(label), false);
        strobe.metaAd(u32(length), true);
        strobe.prf(out, false);
        return out;
    }

    /**
     * Merlin's transcript RNG: the transcript so far, rekeyed with a secret witness and fresh
     * randomness, so a nonce is safe even when the system RNG is weak.
     */
    byte[] witnessBytes(String label, byte[] witness, int length, SecureRandom random) {
        Strobe128 rng = strobe.copy();
        rng.metaAd(bytes(label), false);
        rng.metaAd(u32(witness.length), true);
        rng.key(witness, false);
        byte[] entropy = new byte[32];
        random.nextBytes(entropy);
        rng.metaAd(bytes("rng"), false);
        rng.key(entropy, false);
        byte[] out = new byte[length];
        rng.metaAd(u32(length), false);
        rng.prf(out, false);
        return out;
    }

    private static byte[] bytes(String label) {
        return label.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] u32(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }
}

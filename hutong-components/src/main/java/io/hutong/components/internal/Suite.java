package io.hutong.components.internal;

import io.hutong.components.internal.wire.EcSuit;
import io.hutong.components.internal.wire.PointOctetFormat;
import java.security.SecureRandom;

/**
 * One of the standard's ECDH-PSI suites: how an item becomes a point, how a point is masked with a
 * party's secret, and how points travel. Masking twice in either order gives the same point.
 */
interface Suite {

    /** The parameter value that selects it: {@code curve25519} or {@code sm2}. */
    String name();

    EcSuit wire();

    PointOctetFormat format();

    /** Bytes of one serialized point. */
    int pointSize();

    /** A fresh secret, in the form {@link #masker} takes. */
    byte[] newSecret(SecureRandom random);

    /** Masks with {@code secret}; not thread-safe, so one per thread. */
    Masker masker(byte[] secret);

    interface Masker {

        /** Writes the serialized [secret]·HashToCurve(item) at {@code out[offset]}. */
        void maskItem(byte[] item, byte[] out, int offset);

        /**
         * Writes the serialized [secret]·P for the peer's serialized point P at {@code in[inOffset]}.
         *
         * @throws ComponentFailure when those bytes are no point the suite accepts
         */
        void maskPoint(byte[] in, int inOffset, byte[] out, int outOffset);
    }
}

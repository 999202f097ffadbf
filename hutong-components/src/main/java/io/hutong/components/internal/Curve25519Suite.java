package io.hutong.components.internal;

import io.hutong.components.internal.wire.CurveType;
import io.hutong.components.internal.wire.EcSuit;
import io.hutong.components.internal.wire.HashToCurveStrategy;
import io.hutong.components.internal.wire.HashType;
import io.hutong.components.internal.wire.PointOctetFormat;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Curve25519 / SHA-256 / direct hash as the u-coordinate / uncompressed: the item's SHA-256 digest is
 * taken as a little-endian u, and masking is RFC 7748 X25519 with the secret as scalar (clamped by
 * X25519 itself). Points are the 32-byte u.
 */
final class Curve25519Suite implements Suite {

    static final int SIZE = 32;

    private final X25519.Engine engine;

    /** @param engine which X25519 computes */
    Curve25519Suite(X25519.Engine engine) {
        this.engine = engine;
    }

    X25519.Engine engine() {
        return engine;
    }

    @Override
    public String name() {
        return "curve25519";
    }

    @Override
    public EcSuit wire() {
        return EcSuit.newBuilder().setCurve(CurveType.CURVE25519).setHash(HashType.SHA_256)
                .setHash2CurveStrategy(HashToCurveStrategy.DIRECT_HASH_AS_POINT_X).build();
    }

    @Override
    public PointOctetFormat format() {
        return PointOctetFormat.UNCOMPRESSED;
    }

    @Override
    public int pointSize() {
        return SIZE;
    }

    @Override
    public byte[] newSecret(SecureRandom random) {
        byte[] secret = new byte[SIZE];
        random.nextBytes(secret);
        return secret;
    }

    @Override
    public Masker masker(byte[] secret) {
        X25519 x25519 = engine.create(secret);
        MessageDigest sha256 = sha256();
        byte[] u = new byte[SIZE];
        return new Masker() {
            @Override
            public void maskItem(byte[] item, byte[] out, int offset) {
                sha256.update(item);
                try {
                    sha256.digest(u, 0, SIZE);
                } catch (DigestException e) {
                    throw new IllegalStateException(e);
                }
                if (!x25519.multiply(u, 0, out, offset)) {
                    // a digest equal to one of the few points of small order: not to be met by chance
                    throw new ComponentFailure("an item hashes to a point of small order");
                }
            }

            @Override
            public void maskPoint(byte[] in, int inOffset, byte[] out, int outOffset) {
                if (!x25519.multiply(in, inOffset, out, outOffset)) {
                    throw new ComponentFailure("the peer sent a point of small order: "
                            + HexFormat.of().formatHex(Arrays.copyOfRange(in, inOffset, inOffset + SIZE)));
                }
            }
        };
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

package io.hutong.components.internal;

import io.hutong.components.internal.wire.CurveType;
import io.hutong.components.internal.wire.EcSuit;
import io.hutong.components.internal.wire.HashToCurveStrategy;
import io.hutong.components.internal.wire.HashType;
import io.hutong.components.internal.wire.PointOctetFormat;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 (sm2p256v1) / SHA-256 try-and-rehash / X9.62 compressed, as SecretFlow's interconnection
 * path does it: x = SHA-256(item) read big-endian mod p; while x³ + ax + b has no square root, x is
 * the SHA-256 of the previous digest; the point is (x, the even y). Points are 33 bytes. A secret is
 * the scalar in 32 little-endian bytes, in [1, n).
 */
final class Sm2Suite implements Suite {

    private static final X9ECParameters SM2 = CustomNamedCurves.getByName("sm2p256v1");
    // the chance that 128 digests in a row miss the curve is 2^-128
    private static final int MAX_TRIES = 128;
    static final int SIZE = 33;

    @Override
    public String name() {
        return "sm2";
    }

    @Override
    public EcSuit wire() {
        return EcSuit.newBuilder().setCurve(CurveType.SM2).setHash(HashType.SHA_256)
                .setHash2CurveStrategy(HashToCurveStrategy.TRY_AND_REHASH).build();
    }

    @Override
    public PointOctetFormat format() {
        return PointOctetFormat.X962_COMPRESSED;
    }

    @Override
    public int pointSize() {
        return SIZE;
    }

    @Override
    public byte[] newSecret(SecureRandom random) {
        BigInteger k = BigIntegers.createRandomInRange(BigInteger.ONE, SM2.getN().subtract(BigInteger.ONE), random);
        return reverse(BigIntegers.asUnsignedByteArray(32, k));
    }

    @Override
    public Masker masker(byte[] secret) {
        BigInteger k = new BigInteger(1, reverse(secret));
        if (k.signum() == 0 || k.compareTo(SM2.getN()) >= 0) {
            throw new IllegalArgumentException("an SM2 secret is in [1, n)");
        }
        ECCurve curve = SM2.getCurve();
        MessageDigest sha256 = Curve25519Suite.sha256();
        return new Masker() {
            @Override
            public void maskItem(byte[] item, byte[] out, int offset) {
                encode(hashToCurve(curve, sha256, item).multiply(k), out, offset);
            }

            @Override
            public void maskPoint(byte[] in, int inOffset, byte[] out, int outOffset) {
                byte[] encoded = Arrays.copyOfRange(in, inOffset, inOffset + SIZE);
                ECPoint point;
                // 33 bytes decode only as 0x02 or 0x03 and an x on the curve
                try {
                    point = curve.decodePoint(encoded);
                } catch (IllegalArgumentException e) {
                    throw new ComponentFailure("the peer sent bytes that are no compressed SM2 point: "
                            + HexFormat.of().formatHex(encoded));
                }
                encode(point.multiply(k), out, outOffset);
            }
        };
    }

    /** The try-and-rehash point of an item (exposed for the vectors' tests). */
    static ECPoint hashToCurve(ECCurve curve, MessageDigest sha256, byte[] item) {
        byte[] digest = sha256.digest(item);
        for (int tries = 1; tries <= MAX_TRIES; tries++) {
            ECFieldElement x = curve.fromBigInteger(new BigInteger(1, digest).mod(curve.getField().getCharacteristic()));
            ECFieldElement y = x.square().add(curve.getA()).multiply(x).add(curve.getB()).sqrt();
            if (y != null) {
                return curve.createPoint(x.toBigInteger(), (y.testBitZero() ? y.negate() : y).toBigInteger());
            }
            digest = sha256.digest(digest);
        }
        throw new ComponentFailure("an item found no SM2 point in " + MAX_TRIES + " digests");
    }

    static ECCurve curve() {
        return SM2.getCurve();
    }

    private static void encode(ECPoint point, byte[] out, int offset) {
        byte[] encoded = point.normalize().getEncoded(true);
        System.arraycopy(encoded, 0, out, offset, SIZE);
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] reversed = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            reversed[i] = bytes[bytes.length - 1 - i];
        }
        return reversed;
    }
}

package io.hutong.components.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Provider;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import javax.crypto.ShortBufferException;
import org.conscrypt.Conscrypt;
import org.conscrypt.OpenSSLX25519PrivateKey;
import org.conscrypt.OpenSSLX25519PublicKey;

/**
 * RFC 7748 X25519 with one fixed scalar: u-coordinates in, u-coordinates out, 32 bytes each,
 * little-endian, bit 255 of the input ignored. Not thread-safe.
 */
interface X25519 {

    /** @return false, leaving {@code out} unspecified, when the result is all zero (u of small order) */
    boolean multiply(byte[] u, int offset, byte[] out, int outOffset);

    /** Who computes it. */
    enum Engine {
        /** BoringSSL's X25519 through Conscrypt's native library, where that loads (Linux, macOS, Windows on x86-64 and arm64). */
        CONSCRYPT {
            @Override
            X25519 create(byte[] scalar) {
                return new ConscryptX25519(scalar);
            }

            @Override
            boolean available() {
                return ConscryptX25519.PROVIDER != null;
            }
        },
        /** BouncyCastle's pure-Java X25519: everywhere. */
        BOUNCY_CASTLE {
            @Override
            X25519 create(byte[] scalar) {
                byte[] k = scalar.clone();
                return (u, offset, out, outOffset) ->
                        org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(k, 0, u, offset, out, outOffset);
            }

            @Override
            boolean available() {
                return true;
            }
        };

        abstract X25519 create(byte[] scalar);

        abstract boolean available();

        /** The fastest engine that runs here. */
        static Engine fastest() {
            return CONSCRYPT.available() ? CONSCRYPT : BOUNCY_CASTLE;
        }
    }

    /** A key agreement initialised once with the scalar; each multiplication is one native call. */
    final class ConscryptX25519 implements X25519 {

        // null where the native library does not load
        static final Provider PROVIDER = Conscrypt.isAvailable() ? Conscrypt.newProvider() : null;

        private final KeyAgreement agreement;
        private final byte[] u = new byte[32];

        ConscryptX25519(byte[] scalar) {
            try {
                agreement = KeyAgreement.getInstance("XDH", PROVIDER);
                agreement.init(new OpenSSLX25519PrivateKey(scalar.clone()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Conscrypt refused an X25519 key: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean multiply(byte[] in, int offset, byte[] out, int outOffset) {
            System.arraycopy(in, offset, u, 0, 32);
            try {
                agreement.doPhase(new OpenSSLX25519PublicKey(u), true);
                agreement.generateSecret(out, outOffset);
                return true;
            } catch (InvalidKeyException smallOrder) {
                // BoringSSL refuses an all-zero result; the agreement is left ready for the next point
                Arrays.fill(out, outOffset, outOffset + 32, (byte) 0);
                return false;
            } catch (ShortBufferException e) {
                throw new IllegalArgumentException("no room for 32 bytes at " + outOffset, e);
            }
        }
    }
}

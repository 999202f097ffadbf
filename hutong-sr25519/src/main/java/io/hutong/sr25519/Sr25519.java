package io.hutong.sr25519;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * sr25519 as Substrate uses it: schnorrkel Schnorr signatures on Ristretto255 with a Merlin
 * transcript, under a signing context (Substrate signs in the context {@code "substrate"}).
 * Signatures are 64 bytes, {@code R || s}, with the top bit of the last byte set to mark them as
 * schnorrkel signatures; they are randomised, so only verification has known answers.
 */
public final class Sr25519 {

    /** The signing context of Substrate and therefore of DBC. */
    public static final String SUBSTRATE = "substrate";
    public static final int SIGNATURE_LENGTH = 64;
    public static final int KEY_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Sr25519() {
    }

    /**
     * The key pair of a 32-byte mini secret key (the "secret seed" Substrate tools print),
     * expanded the way Substrate does ({@code ExpandEd25519}).
     */
    public static KeyPair fromSeed(byte[] miniSecret) {
        if (miniSecret.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an sr25519 seed has 32 bytes, not " + miniSecret.length);
        }
        byte[] hash = sha512(miniSecret);
        byte[] key = Arrays.copyOfRange(hash, 0, 32);
        key[0] &= (byte) 248;
        key[31] &= 63;
        key[31] |= 64;
        // Ed25519 clamping makes the key a multiple of the cofactor 8; schnorrkel divides it out
        // because Ristretto has no cofactor.
        byte[] divided = new byte[32];
        int low = 0;
        for (int i = 31; i >= 0; i--) {
            int b = key[i] & 0xff;
            divided[i] = (byte) ((b >>> 3) | (low << 5));
            low = b & 7;
        }
        Scalar secret = Scalar.fromBytesModOrder(divided);
        byte[] nonce = Arrays.copyOfRange(hash, 32, 64);
        byte[] publicKey = Constants.RISTRETTO_GENERATOR_TABLE.multiply(secret).compress().toByteArray();
        return new KeyPair(secret, nonce, publicKey);
    }

    /** Verifies a schnorrkel signature of {@code message} in {@code context}; false for any malformed input. */
    public static boolean verify(byte[] publicKey, String context, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != KEY_LENGTH || signature == null
                || signature.length != SIGNATURE_LENGTH || (signature[63] & 0x80) == 0) {
            return false;
        }
        RistrettoElement a;
        try {
            a = new CompressedRistretto(publicKey).decompress();
        } catch (InvalidEncodingException e) {
            return false;
        }
        byte[] sBytes = Arrays.copyOfRange(signature, 32, 64);
        sBytes[31] &= 0x7f;
        Scalar s;
        try {
            s = Scalar.fromCanonicalBytes(sBytes);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] r = Arrays.copyOfRange(signature, 0, 32);
        Transcript t = signingTranscript(context, message, publicKey);
        t.append("sign:R", r);
        Scalar k = Scalar.fromBytesModOrderWide(t.challenge("sign:c", 64));
        RistrettoElement expected = Constants.RISTRETTO_GENERATOR_TABLE.multiply(s).subtract(a.multiply(k));
        return MessageDigest.isEqual(expected.compress().toByteArray(), r);
    }

    /** {@link #verify} of a UTF-8 text, as DBC signs nonces and session ids. */
    public static boolean verify(byte[] publicKey, String message, byte[] signature) {
        return verify(publicKey, SUBSTRATE, message.getBytes(StandardCharsets.UTF_8), signature);
    }

    /** A 64-byte signature from 128 hex characters, with or without {@code 0x}. */
    public static byte[] signatureFromHex(String hex) {
        String digits = hex == null ? "" : hex.strip();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        if (digits.length() != 2 * SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("an sr25519 signature is 128 hex characters, not " + digits.length());
        }
        return HexFormat.of().parseHex(digits);
    }

    private static Transcript signingTranscript(String context, byte[] message, byte[] publicKey) {
        Transcript t = new Transcript("SigningContext");
        t.append("", context.getBytes(StandardCharsets.UTF_8));
        t.append("sign-bytes", message);
        t.append("proto-name", "Schnorr-sig".getBytes(StandardCharsets.UTF_8));
        t.append("sign:pk", publicKey);
        return t;
    }

    private static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A secret key with its public key. {@link #toString()} never shows the secret. */
    public static final class KeyPair {

        private final Scalar secret;
        private final byte[] nonce;
        private final byte[] publicKey;

        private KeyPair(Scalar secret, byte[] nonce, byte[] publicKey) {
            this.secret = secret;
            this.nonce = nonce;
            this.publicKey = publicKey;
        }

        public byte[] publicKey() {
            return publicKey.clone();
        }

        /** Signs {@code message} in {@code context}; a fresh random nonce every time. */
        public byte[] sign(String context, byte[] message) {
            Transcript t = signingTranscript(context, message, publicKey);
            Scalar r = Scalar.fromBytesModOrderWide(t.witnessBytes("signing", nonce, 64, RANDOM));
            byte[] bigR = Constants.RISTRETTO_GENERATOR_TABLE.multiply(r).compress().toByteArray();
            t.append("sign:R", bigR);
            Scalar k = Scalar.fromBytesModOrderWide(t.challenge("sign:c", 64));
            byte[] s = k.multiplyAndAdd(secret, r).toByteArray();
            byte[] signature = new byte[SIGNATURE_LENGTH];
            System.arraycopy(bigR, 0, signature, 0, 32);
            System.arraycopy(s, 0, signature, 32, 32);
            signature[63] |= (byte) 0x80;
            return signature;
        }

        /** Signs a UTF-8 text in the Substrate context, as DBC expects for nonces and session ids. */
        public byte[] sign(String message) {
            return sign(SUBSTRATE, message.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "sr25519 key pair " + Ss58.encode(publicKey);
        }
    }
}

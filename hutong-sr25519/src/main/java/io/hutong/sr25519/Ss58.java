package io.hutong.sr25519;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * SS58 addresses of 32-byte public keys: base58 of {@code prefix || key || checksum}, where the
 * checksum is the first two bytes of Blake2b-512 over {@code "SS58PRE" || prefix || key}.
 */
public final class Ss58 {

    /** Substrate's generic prefix: addresses starting with {@code 5}, as DBC wallets do. */
    public static final int SUBSTRATE_PREFIX = 42;

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final byte[] CHECKSUM_PREFIX = "SS58PRE".getBytes(StandardCharsets.US_ASCII);

    private Ss58() {
    }

    /** The public key of an address; {@link IllegalArgumentException} says what is wrong with a bad one. */
    public static byte[] publicKey(String address) {
        byte[] raw = base58Decode(address == null ? "" : address.strip());
        int prefixLength = raw.length > 0 && (raw[0] & 0xff) >= 64 ? 2 : 1;
        if (raw.length != prefixLength + 32 + 2) {
            throw new IllegalArgumentException("an SS58 address of a 32-byte public key has "
                    + (prefixLength + 34) + " bytes, this one " + raw.length);
        }
        byte[] payload = Arrays.copyOfRange(raw, 0, raw.length - 2);
        byte[] checksum = checksum(payload);
        if (checksum[0] != raw[raw.length - 2] || checksum[1] != raw[raw.length - 1]) {
            throw new IllegalArgumentException("the SS58 checksum does not match");
        }
        return Arrays.copyOfRange(raw, prefixLength, prefixLength + 32);
    }

    public static String encode(byte[] publicKey) {
        byte[] payload = new byte[33];
        payload[0] = SUBSTRATE_PREFIX;
        System.arraycopy(publicKey, 0, payload, 1, 32);
        byte[] checksum = checksum(payload);
        byte[] raw = Arrays.copyOf(payload, 35);
        raw[33] = checksum[0];
        raw[34] = checksum[1];
        return base58Encode(raw);
    }

    private static byte[] checksum(byte[] payload) {
        Blake2bDigest blake = new Blake2bDigest(512);
        blake.update(CHECKSUM_PREFIX, 0, CHECKSUM_PREFIX.length);
        blake.update(payload, 0, payload.length);
        byte[] hash = new byte[64];
        blake.doFinal(hash, 0);
        return hash;
    }

    private static byte[] base58Decode(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an SS58 address is not empty");
        }
        BigInteger value = BigInteger.ZERO;
        int zeros = 0;
        boolean leading = true;
        for (char c : text.toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) {
                throw new IllegalArgumentException("'" + c + "' is not a base58 character");
            }
            if (leading && digit == 0) {
                zeros++;
            } else {
                leading = false;
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
        byte[] out = new byte[zeros + magnitude.length - skip];
        System.arraycopy(magnitude, skip, out, zeros, magnitude.length - skip);
        return out;
    }

    private static String base58Encode(byte[] raw) {
        StringBuilder text = new StringBuilder();
        BigInteger value = new BigInteger(1, raw);
        while (value.signum() > 0) {
            BigInteger[] division = value.divideAndRemainder(BASE);
            text.append(ALPHABET.charAt(division[1].intValue()));
            value = division[0];
        }
        for (int i = 0; i < raw.length && raw[i] == 0; i++) {
            text.append(ALPHABET.charAt(0));
        }
        return text.reverse().toString();
    }
}

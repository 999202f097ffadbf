package io.hutong.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts the node's secrets at rest (private keys, wallet seeds, session signatures, app
 * secrets, VM passwords) with AES-GCM. The key comes from {@code hutong.secret-key} (Base64 of 16,
 * 24 or 32 bytes), or from {@code <data-dir>/secret.key}, created readable by its owner only on
 * first use. Each value is bound to what it belongs to (the associated data), so a stored secret
 * cannot be moved to another record.
 */
@Component
public class SecretBox {

    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    SecretBox(NodeProperties node) {
        String configured = node.secretKey();
        this.key = new SecretKeySpec(configured != null && !configured.isBlank() ? decode(configured)
                : keyFile(node.dataDir().resolve("secret.key")), "AES");
    }

    public byte[] seal(byte[] plain, String boundTo) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public byte[] open(byte[] sealed, String boundTo) {
        if (sealed.length < 1 + IV_BYTES || sealed[0] != VERSION) {
            throw new IllegalStateException("stored secret of " + boundTo + " has an unknown format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored secret of " + boundTo
                    + " does not decrypt: was hutong.secret-key or the key file changed?", e);
        }
    }

    public byte[] sealText(String plain, String boundTo) {
        return seal(plain.getBytes(StandardCharsets.UTF_8), boundTo);
    }

    public String openText(byte[] sealed, String boundTo) {
        return new String(open(sealed, boundTo), StandardCharsets.UTF_8);
    }

    private static byte[] decode(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hutong.secret-key must be Base64");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException("hutong.secret-key must be 16, 24 or 32 bytes (Base64)");
        }
        return bytes;
    }

    private static byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    createPrivate(file);
                    Files.write(file, Base64.getEncoder().encode(fresh));
                } catch (FileAlreadyExistsException raced) {
                    // another process of this data dir created it first: use theirs
                }
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret key file " + file, e);
        }
    }

    /** Creates the file readable by its owner only from the start, so the key is never exposed. */
    private static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }
}

package io.hutong.dbc.internal;

import io.hutong.core.NodeProperties;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts DBC secrets (seeds, session ids and their signatures, VM passwords) at rest with
 * AES-256-GCM: a random 12-byte IV before each ciphertext.
 */
@Component
class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    SecretBox(DbcProperties properties, NodeProperties node) throws IOException {
        this.key = new SecretKeySpec(keyBytes(properties.secretKey(), node.dataDir().resolve("dbc-secret.key")), "AES");
    }

    private static byte[] keyBytes(String configured, Path file) throws IOException {
        if (configured != null && !configured.isBlank()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(configured.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("hutong.dbc.secret-key must be base64", e);
            }
            if (bytes.length != 32) {
                throw new IllegalStateException("hutong.dbc.secret-key must be 32 bytes, base64 encoded; it has "
                        + bytes.length);
            }
            return bytes;
        }
        if (Files.exists(file)) {
            return Base64.getDecoder().decode(Files.readString(file).strip());
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "dbc-secret", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            log.warn("Cannot restrict the permissions of {} on this file system", file);
        }
        Files.writeString(temp, Base64.getEncoder().encodeToString(bytes));
        Files.move(temp, file);
        log.info("Generated the key for DBC secrets at rest: {}", file);
        return bytes;
    }

    byte[] seal(String plain) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    String open(byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
            return new String(cipher.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a DBC secret cannot be decrypted: was hutong.dbc.secret-key changed?", e);
        }
    }
}

package io.hutong.trust.internal;

import io.hutong.core.NodeProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts private keys at rest with AES-256-GCM. The key is the SHA-256 of
 * {@code hutong.trust.secret-key}, or 32 random bytes kept in {@code <data-dir>/trust/secret.key}
 * (mode 600), generated on first start. Replicas of a node share the database, so they must share
 * this key: set {@code hutong.trust.secret-key} for them.
 */
@Component
class SecretBox {

    private static final int IV_BYTES = 12;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SecretBox(TrustProperties properties, NodeProperties node) {
        this.key = new SecretKeySpec(keyBytes(properties, node.dataDir()), "AES");
    }

    private static byte[] keyBytes(TrustProperties properties, Path dataDir) {
        try {
            if (properties.secretKey() != null && !properties.secretKey().isBlank()) {
                return MessageDigest.getInstance("SHA-256").digest(properties.secretKey().getBytes(StandardCharsets.UTF_8));
            }
            Path file = dataDir.resolve("trust").resolve("secret.key");
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.write(file, fresh);
                } catch (FileAlreadyExistsException raced) {
                    // another process of this node wrote it first: use theirs
                }
            }
            byte[] stored = Files.readAllBytes(file);
            if (stored.length != 32) {
                throw new IllegalStateException(file + " must hold 32 bytes; delete it only if no key was encrypted with it");
            }
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the node's secret key file", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** IV followed by the ciphertext and tag; {@code context} is bound as associated data. */
    byte[] seal(byte[] plain, String context) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    byte[] open(byte[] sealed, String context) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt this node's private key: hutong.trust.secret-key (or "
                    + "<data-dir>/trust/secret.key) is not the one it was encrypted with");
        }
    }
}

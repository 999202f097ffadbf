package io.hutong.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    @TempDir
    Path dataDir;

    private SecretBox box(String secretKey) {
        return new SecretBox(new NodeProperties(new NodeProperties.Node("node-a", null), dataDir, ZoneId.of("UTC"),
                secretKey));
    }

    private static String key(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void sealedSecretsOpenOnlyWithTheSameKeyAndForWhatTheyAreBoundTo() {
        byte[] secret = "-----private key bytes-----".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = box(key(1)).seal(secret, "node-a key");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("private key");
        assertThat(box(key(1)).open(sealed, "node-a key")).isEqualTo(secret);
        assertThatThrownBy(() -> box(key(2)).open(sealed, "node-a key")).hasMessageContaining("hutong.secret-key");
        assertThatThrownBy(() -> box(key(1)).open(sealed, "node-b key")).isInstanceOf(IllegalStateException.class);
        assertThat(box(key(1)).openText(box(key(1)).sealText("seed", "wallet"), "wallet")).isEqualTo("seed");
    }

    @Test
    void withoutAConfiguredKeyAKeyFileIsMadeOnceReadableByItsOwnerOnly() throws Exception {
        byte[] sealed = box(null).seal(new byte[] {1, 2, 3}, "ctx");
        Path file = dataDir.resolve("secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(box("").open(sealed, "ctx")).containsExactly(1, 2, 3);
    }

    @Test
    void aMalformedKeyIsRefusedAtStart() {
        assertThatThrownBy(() -> box("not base64 !")).hasMessageContaining("Base64");
        assertThatThrownBy(() -> box(Base64.getEncoder().encodeToString(new byte[7]))).hasMessageContaining("16, 24 or 32");
    }
}

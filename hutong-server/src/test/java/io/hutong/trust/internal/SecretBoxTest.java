package io.hutong.trust.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.core.NodeProperties;
import io.hutong.protocol.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    @TempDir
    Path dataDir;

    private SecretBox box(String secretKey) {
        return new SecretBox(new TrustProperties(true, SignatureAlgorithm.SHA256_ECDSA, secretKey, Duration.ofMinutes(5),
                Duration.ofMinutes(10), null, null, null, Duration.ofSeconds(5),
                new TrustProperties.ResourceTokens(false, Duration.ofDays(30))),
                new NodeProperties(new NodeProperties.Node("node-a", null), dataDir, ZoneId.of("UTC")));
    }

    @Test
    void sealedKeysOpenOnlyWithTheSameSecretAndContext() {
        byte[] key = "-----private key bytes-----".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = box("s3cret").seal(key, "node-a");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("private key");
        assertThat(box("s3cret").open(sealed, "node-a")).isEqualTo(key);
        assertThatThrownBy(() -> box("other").open(sealed, "node-a")).hasMessageContaining("hutong.trust.secret-key");
        assertThatThrownBy(() -> box("s3cret").open(sealed, "node-b")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutASecretKeyAKeyFileIsMadeOnceReadableByTheOwnerOnly() throws Exception {
        byte[] sealed = box(null).seal(new byte[] {1, 2, 3}, "ctx");
        Path file = dataDir.resolve("trust/secret.key");
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(box(null).open(sealed, "ctx")).containsExactly(1, 2, 3);
    }
}

package io.hutong.components.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The suites against RFC 7748 and the vectors computed for the notes with OpenSSL's X25519 and an affine SM2. */
class SuiteVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    // the notes' scalars: bytes 01 … 20 and 21 … 40 (for SM2 read little-endian, as Sm2Suite takes them)
    private static final byte[] KA = range(0x01);
    private static final byte[] KB = range(0x21);

    @ParameterizedTest
    @EnumSource(X25519.Engine.class)
    void x25519PassesTheRfc7748Vectors(X25519.Engine engine) {
        assertThat(engine.available()).isTrue();
        assertThat(multiply(engine, "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))
                .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
        // the second vector's u has bit 255 set, which X25519 ignores
        assertThat(multiply(engine, "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))
                .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }

    @ParameterizedTest
    @EnumSource(X25519.Engine.class)
    void x25519RefusesAPointOfSmallOrder(X25519.Engine engine) {
        Suite.Masker masker = new Curve25519Suite(engine).masker(KA);
        byte[] zero = new byte[32];
        assertThatThrownBy(() -> masker.maskPoint(zero, 0, new byte[32], 0)).isInstanceOf(ComponentFailure.class)
                .hasMessageContaining("small order");
    }

    @ParameterizedTest
    @CsvSource({
            "225712978001032092, 1f32e1b2a9c5120b288c379fc81eff819ffa190df5f2f8df08a1405248082239, b665d0e2abb64e70e2ecad3c5da21b633e56d179ef7fc27dc592d6b98bcebb47",
            "alice, 8250960a669f9e3a502e450219d417a4cfec71eb740cafb3bb8ef634b14d6007, bf82422f98dd6a62f30c1df97fe84b69d29371a85312ba67fa4772d0378a762c",
            "1, a2991539a17ab3985883cbc394f49ac970eca5d09a439007b8239d3f58e19d17, 089074ee574c61ae835f82282ce9aa43966b79cc6cc7cca6e7140f3e29d5d741"})
    void curve25519MasksAsTheNotesVectors(String item, String enc, String dual) {
        for (X25519.Engine engine : X25519.Engine.values()) {
            Suite suite = new Curve25519Suite(engine);
            assertThat(maskItem(suite, KA, item)).as(engine.name()).isEqualTo(enc);
            assertThat(maskPoint(suite, KB, enc)).as(engine.name()).isEqualTo(dual);
            // the other order meets at the same point
            assertThat(maskPoint(suite, KA, maskItem(suite, KB, item))).as(engine.name()).isEqualTo(dual);
        }
    }

    @Test
    void curve25519MasksWithTheSecondScalarAsTheNotes() {
        assertThat(maskItem(new Curve25519Suite(X25519.Engine.fastest()), KB, "225712978001032092"))
                .isEqualTo("ae8dadd5b6649e434d401d6a292f9d1ab57db9230627e3e6cc4b1d71553c4d2f");
    }

    @ParameterizedTest
    @CsvSource({
            "225712978001032092, 022e305cfd7c4dac7d36614233e2a19c31a69f830dd9cae72d68bd58d43980d98c, 02853e386bf271aef950105043a5b83bde5386560f1dad1fc7d32a7eacde1dd34e, 021de0e19d7aa2f0aca0cb2e441c78df97ba498b18f858121735cc815079a023fb",
            "alice, 02bd306425d873dc3e9fd1520e693954d6d605e8ad2fae4e48f53a395526f39abe, 03c23f70600d2a0a26c889c686b3c0859fe10b9cc18101b6385960180891bb29b3, 031775eb96e27ac70fc2a37d62153853a70f1b69a301b35ea2c75c268d573ad30c",
            "1, 029c2e4d8fe97d881430de4e754b4205b9c27ce96715231cffc4337340cb110280, 0291c72aee481ac83ec0434cad66d3962e5f4d7b73e9366394e7514238deddcae6, 0222bab6fd4f140e9da21b54adf47982bdc54b3fa2904db60c474d9f4f4ce2aeaa"})
    void sm2MasksAsTheNotesVectors(String item, String point, String enc, String dual) {
        Suite suite = new Sm2Suite();
        assertThat(HEX.formatHex(Sm2Suite.hashToCurve(Sm2Suite.curve(), Curve25519Suite.sha256(),
                item.getBytes(StandardCharsets.UTF_8)).getEncoded(true))).isEqualTo(point);
        assertThat(maskItem(suite, KA, item)).isEqualTo(enc);
        assertThat(maskPoint(suite, KB, enc)).isEqualTo(dual);
        assertThat(maskPoint(suite, KA, maskItem(suite, KB, item))).isEqualTo(dual);
    }

    @Test
    void sm2RefusesBytesThatAreNoCompressedPoint() {
        Suite.Masker masker = new Sm2Suite().masker(KA);
        byte[] uncompressedPrefix = HEX.parseHex("04" + "11".repeat(32));
        byte[] offCurve = HEX.parseHex("02" + "00".repeat(31) + "05");
        for (byte[] bytes : new byte[][] {uncompressedPrefix, offCurve}) {
            assertThatThrownBy(() -> masker.maskPoint(bytes, 0, new byte[33], 0)).isInstanceOf(ComponentFailure.class)
                    .hasMessageContaining("no compressed SM2 point");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"curve25519", "sm2"})
    void freshSecretsCommute(SuiteName name) {
        Suite suite = name.suite();
        SecureRandom random = new SecureRandom();
        byte[] a = suite.newSecret(random);
        byte[] b = suite.newSecret(random);
        assertThat(a).isNotEqualTo(b);
        String item = "row-" + random.nextInt();
        assertThat(maskPoint(suite, b, maskItem(suite, a, item))).isEqualTo(maskPoint(suite, a, maskItem(suite, b, item)));
    }

    enum SuiteName {
        curve25519, sm2;

        Suite suite() {
            return this == curve25519 ? new Curve25519Suite(X25519.Engine.fastest()) : new Sm2Suite();
        }
    }

    private static String multiply(X25519.Engine engine, String scalar, String u) {
        byte[] out = new byte[32];
        assertThat(engine.create(HEX.parseHex(scalar)).multiply(HEX.parseHex(u), 0, out, 0)).isTrue();
        return HEX.formatHex(out);
    }

    private static String maskItem(Suite suite, byte[] secret, String item) {
        byte[] out = new byte[suite.pointSize() + 3];
        suite.masker(secret).maskItem(item.getBytes(StandardCharsets.UTF_8), out, 3);
        return HEX.formatHex(Arrays.copyOfRange(out, 3, out.length));
    }

    private static String maskPoint(Suite suite, byte[] secret, String point) {
        byte[] in = HEX.parseHex("ffff" + point);
        byte[] out = new byte[suite.pointSize() + 1];
        suite.masker(secret).maskPoint(in, 2, out, 1);
        return HEX.formatHex(Arrays.copyOfRange(out, 1, out.length));
    }

    private static byte[] range(int first) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < 32; i++) {
            bytes[i] = (byte) (first + i);
        }
        return bytes;
    }
}

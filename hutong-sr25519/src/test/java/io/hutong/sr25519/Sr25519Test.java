package io.hutong.sr25519;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sr25519Test {

    /** The known-answer vectors of DBC's documentation: wallet, nonce, signature of the nonce. */
    private static final String[][] VECTORS = {
        {"5Dy8ULx1De6u3WE9ixpy1VKK2CVssvsjQT15qcmQsG662Zj4",
            "5q7KRn4d8EmXFFsim8vHBp23N2CpERbD2mWR3WCo1o3teZnGxYEh4N6",
            "2460725b2f5e737cd810c773be61b9b27c3b9dbdac4af9cf25c7be9949ad7202"
                + "a0b7467f71ad843888f482662d3ae2e4fa566d3c1930a3fa90f3dcb97ea4098d"},
        {"5HgVTsXnUBmaL5F2RBjKmXMoAeG9Avuyk9tmgnnVx28u2ZrS",
            "5t1mv263Qpnu5tk5xPDk86oXGUX8yXaYGpAWj2n6gU45HNmsQqLaAU7",
            "c494cc517f3c181fd7206d03175b5c0c29d162e53aa88c557887241d104456272"
                + "dc313501c8ae4e71dbcbae183942a119713974aff87aa1ef3870aa505be6384"}};

    /** Substrate's well-known development account //Alice: its secret seed and public key. */
    private static final String ALICE_SEED = "e5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a";
    private static final String ALICE_PUBLIC = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
    private static final String ALICE_ADDRESS = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

    @Test
    void theDocumentedSignaturesVerify() {
        for (String[] vector : VECTORS) {
            byte[] key = Ss58.publicKey(vector[0]);
            assertThat(Sr25519.verify(key, vector[1], Sr25519.signatureFromHex(vector[2]))).as(vector[0]).isTrue();
            assertThat(Sr25519.verify(key, vector[1], Sr25519.signatureFromHex("0x" + vector[2]))).isTrue();
        }
    }

    @Test
    void aChangedMessageKeyOrSignatureDoesNotVerify() {
        byte[] key = Ss58.publicKey(VECTORS[0][0]);
        byte[] signature = Sr25519.signatureFromHex(VECTORS[0][2]);
        assertThat(Sr25519.verify(key, VECTORS[0][1] + "x", signature)).isFalse();
        assertThat(Sr25519.verify(Ss58.publicKey(VECTORS[1][0]), VECTORS[0][1], signature)).isFalse();
        assertThat(Sr25519.verify(key, "substrate-other", VECTORS[0][1].getBytes(StandardCharsets.UTF_8), signature))
                .isFalse();
        byte[] flipped = signature.clone();
        flipped[5] ^= 1;
        assertThat(Sr25519.verify(key, VECTORS[0][1], flipped)).isFalse();
        byte[] unmarked = signature.clone();
        unmarked[63] &= 0x7f;
        assertThat(Sr25519.verify(key, VECTORS[0][1], unmarked)).as("schnorrkel marker bit").isFalse();
        assertThat(Sr25519.verify(key, VECTORS[0][1], new byte[12])).isFalse();
    }

    @Test
    void aSeedExpandsToSubstratesPublicKey() {
        Sr25519.KeyPair alice = Sr25519.fromSeed(HexFormat.of().parseHex(ALICE_SEED));
        assertThat(HexFormat.of().formatHex(alice.publicKey())).isEqualTo(ALICE_PUBLIC);
        assertThat(Ss58.encode(alice.publicKey())).isEqualTo(ALICE_ADDRESS);
        assertThat(Ss58.publicKey(ALICE_ADDRESS)).isEqualTo(alice.publicKey());
        assertThat(alice.toString()).contains(ALICE_ADDRESS).doesNotContain(ALICE_SEED);
    }

    @Test
    void signThenVerifyRoundTrips() {
        Sr25519.KeyPair pair = Sr25519.fromSeed(HexFormat.of().parseHex(ALICE_SEED));
        for (String message : new String[] {"", "nonce-1", "中文 nonce", "x".repeat(500)}) {
            byte[] first = pair.sign(message);
            byte[] second = pair.sign(message);
            assertThat(first).hasSize(64).isNotEqualTo(second);
            assertThat(first[63] & 0x80).isNotZero();
            assertThat(Sr25519.verify(pair.publicKey(), message, first)).isTrue();
            assertThat(Sr25519.verify(pair.publicKey(), message, second)).isTrue();
            assertThat(Sr25519.verify(pair.publicKey(), message + ".", first)).isFalse();
        }
    }

    @Test
    void badAddressesAreExplained() {
        assertThatThrownBy(() -> Ss58.publicKey("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ"))
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> Ss58.publicKey("0OIl")).hasMessageContaining("base58");
        assertThatThrownBy(() -> Ss58.publicKey("5Grwva")).hasMessageContaining("bytes");
        assertThatThrownBy(() -> Sr25519.fromSeed(new byte[31])).hasMessageContaining("32 bytes");
    }
}

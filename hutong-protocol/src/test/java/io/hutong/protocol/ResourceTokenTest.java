package io.hutong.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTokenTest {

    private final ResourceToken grant = new ResourceToken("rt-1", "urn:hutong:dataset:node-b:space#host_ids", "use",
            "node-b", "node-a", 1_767_225_600_000L, "3");

    @Test
    void aSignedTokenParsesBackAndVerifiesWithTheHoldersKeyOnly() throws Exception {
        var key = SignatureVectorsTest.privateKey(SignatureAlgorithm.SHA256_ECDSA);
        String token = grant.sign(key);
        assertThat(token).doesNotContain("/").doesNotContain(",");
        ResourceToken parsed = ResourceToken.parse(token);
        assertThat(parsed).isEqualTo(grant);
        assertThat(parsed.verify(token, SignatureVectorsTest.publicKey(SignatureAlgorithm.SHA256_ECDSA))).isTrue();
        assertThat(parsed.verify(token, SignatureVectorsTest.publicKey(SignatureAlgorithm.SM2_SM3))).isFalse();
        ResourceToken forged = new ResourceToken("rt-1", grant.urn(), grant.level(), "node-b", "node-c",
                grant.expiresAt(), "3");
        assertThat(forged.verify(token, SignatureVectorsTest.publicKey(SignatureAlgorithm.SHA256_ECDSA))).isFalse();
    }

    @Test
    void malformedTokensAreRefusedWithAReason() {
        assertThatThrownBy(() -> ResourceToken.parse("garbage")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("token:");
    }

    @Test
    void tokenSetsRoundTrip() {
        var triples = List.of(new TokenTriple("urn:a", "use", "x.y"), new TokenTriple("urn:b", "read", "z.w"));
        String header = TokenTriple.formatSet(triples);
        assertThat(header).isEqualTo("urn:a/use/x.y,urn:b/read/z.w");
        assertThat(TokenTriple.parseSet(header)).isEqualTo(triples);
        assertThat(TokenTriple.parseSet(" ")).isEmpty();
        assertThatThrownBy(() -> TokenTriple.parseSet("urn:a/use")).hasMessageContaining("URN/level/token");
    }
}

package io.hutong.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Properties;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The vectors of the README: fixed keys, fixed requests, their canonical strings and signatures. */
class SignatureVectorsTest {

    static final CanonicalRequest POST = new CanonicalRequest("POST", "/v1/interconn/schedule/job/create", "",
            "node-a", "node-b", "0b5a3c9e-6a7d-4c1e-9f43-2d1f0e8b7a61", "1767225600000", "trace-1", "",
            CanonicalRequest.sha256Hex("{\"job_id\":\"job-1\"}".getBytes(StandardCharsets.UTF_8)));
    static final CanonicalRequest GET = new CanonicalRequest("GET", "/v1/interconn/schedule/job/status_all",
            "job_id=job-1&b=x+y&a=%E4%BA%92&a=1", "node-a", "node-b", "6c3f0d9e-1b2a-4f5e-8d7c-9a0b1c2d3e4f",
            "1767225600123", "trace-2", "urn:hutong:dataset:node-b:space%23ids/use/tok",
            CanonicalRequest.sha256Hex(new byte[0]));

    private static final Properties VECTORS = new Properties();

    static {
        try (InputStream in = SignatureVectorsTest.class.getResourceAsStream("vectors.properties")) {
            VECTORS.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void canonicalStrings() {
        assertThat(POST.text()).isEqualTo("""
                HUTONG-REQUEST-V1
                POST
                /v1/interconn/schedule/job/create

                x-source-node-id:node-a
                x-target-node-id:node-b
                x-nonce:0b5a3c9e-6a7d-4c1e-9f43-2d1f0e8b7a61
                x-timestamp:1767225600000
                x-trace-id:trace-1
                x-mprac-token-set:
                2419aba9857b5e95a5e3a510c74ce961a9bc208eaf25fb10abd269ba7ba7d0d0""");
        assertThat(GET.text()).isEqualTo("""
                HUTONG-REQUEST-V1
                GET
                /v1/interconn/schedule/job/status_all
                a=%E4%BA%92&a=1&b=x%20y&job_id=job-1
                x-source-node-id:node-a
                x-target-node-id:node-b
                x-nonce:6c3f0d9e-1b2a-4f5e-8d7c-9a0b1c2d3e4f
                x-timestamp:1767225600123
                x-trace-id:trace-2
                x-mprac-token-set:urn:hutong:dataset:node-b:space%23ids/use/tok
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
    }

    @Test
    void rsaSignaturesAreExactlyTheVectors() throws Exception {
        PrivateKey key = privateKey(SignatureAlgorithm.SHA256_RSA);
        assertThat(RequestSignature.sign(key, POST)).isEqualTo(VECTORS.getProperty("SHA256_RSA.post"));
        assertThat(RequestSignature.sign(key, GET)).isEqualTo(VECTORS.getProperty("SHA256_RSA.get"));
    }

    @ParameterizedTest
    @EnumSource(names = {"SHA256_RSA", "SHA256_ECDSA", "SM2_SM3"})
    void vectorSignaturesVerifyAndNothingElseDoes(SignatureAlgorithm algorithm) throws Exception {
        PublicKey key = publicKey(algorithm);
        String post = VECTORS.getProperty(algorithm + ".post");
        String get = VECTORS.getProperty(algorithm + ".get");
        assertThat(SignatureAlgorithm.of(key)).isEqualTo(algorithm);
        assertThat(RequestSignature.verify(key, post, POST)).isTrue();
        assertThat(RequestSignature.verify(key, get, GET)).isTrue();
        assertThat(RequestSignature.verify(key, post, GET)).isFalse();
        assertThat(RequestSignature.verify(key, "not base64!", POST)).isFalse();
        CanonicalRequest otherBody = new CanonicalRequest("POST", POST.path(), "", "node-a", "node-b", POST.nonce(),
                POST.timestamp(), POST.traceId(), "", CanonicalRequest.sha256Hex("{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(RequestSignature.verify(key, post, otherBody)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(names = {"SHA256_RSA", "SHA256_ECDSA", "SM2_SM3"})
    void freshKeysSignAndVerify(SignatureAlgorithm algorithm) {
        var pair = algorithm.generateKeyPair();
        String signature = RequestSignature.sign(pair.getPrivate(), POST);
        assertThat(RequestSignature.verify(pair.getPublic(), signature, POST)).isTrue();
        assertThat(RequestSignature.verify(algorithm.generateKeyPair().getPublic(), signature, POST)).isFalse();
    }

    /** Cross-check with BouncyCastle's low-level SM2 signer, whose default user id is GM/T 0009's. */
    @Test
    void sm2VectorsVerifyWithTheLowLevelSigner() throws Exception {
        ECPublicKey key = (ECPublicKey) publicKey(SignatureAlgorithm.SM2_SM3);
        var spec = key.getParameters();
        SM2Signer signer = new SM2Signer();
        signer.init(false, new ECPublicKeyParameters(key.getQ(), new ECDomainParameters(spec.getCurve(), spec.getG(),
                spec.getN(), spec.getH())));
        byte[] message = POST.bytes();
        signer.update(message, 0, message.length);
        assertThat(signer.verifySignature(Base64.getDecoder().decode(VECTORS.getProperty("SM2_SM3.post")))).isTrue();
    }

    @Test
    void aCardWhoseKeyIsNotOfItsAlgorithmIsRefused() {
        String sm2 = VECTORS.getProperty("SM2_SM3.public");
        NodeCard card = new NodeCard("node-a", "http://a", "SHA256_ECDSA", sm2, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(card::publicKey).hasMessageStartingWith("public_key:");
        assertThat(SignatureAlgorithm.of(new NodeCard("node-a", "http://a", "SM2_SM3", sm2, null).publicKey()))
                .isEqualTo(SignatureAlgorithm.SM2_SM3);
    }

    @Test
    void queriesAreDecodedReencodedAndSorted() {
        assertThat(CanonicalRequest.canonicalQuery("b=2&a=1&flag&a=0&&c=%7e")).isEqualTo("a=0&a=1&b=2&c=~&flag=");
        assertThat(CanonicalRequest.canonicalQuery("")).isEmpty();
        assertThat(CanonicalRequest.canonicalQuery(null)).isEmpty();
    }

    static PrivateKey privateKey(SignatureAlgorithm algorithm) throws Exception {
        return algorithm.decodePrivateKey(Base64.getDecoder().decode(VECTORS.getProperty(algorithm + ".private")));
    }

    static PublicKey publicKey(SignatureAlgorithm algorithm) throws Exception {
        return algorithm.decodePublicKey(Base64.getDecoder().decode(VECTORS.getProperty(algorithm + ".public")));
    }
}

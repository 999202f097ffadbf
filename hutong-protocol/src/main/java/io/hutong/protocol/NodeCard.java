package io.hutong.protocol;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * What a node publishes so that others can sign up with it: its id, the URL it is reached at, its
 * algorithm and its public key (Base64 of the X.509 SubjectPublicKeyInfo DER), or for {@code CERT}
 * its certificate chain (Base64 DER, leaf first).
 */
public record NodeCard(String node_id, String base_url, String algorithm, String public_key,
        List<String> certificate_chain) {

    public static NodeCard of(String nodeId, String baseUrl, SignatureAlgorithm algorithm, PublicKey key) {
        return new NodeCard(nodeId, baseUrl, algorithm.name(), Base64.getEncoder().encodeToString(key.getEncoded()),
                null);
    }

    public static NodeCard of(String nodeId, String baseUrl, List<X509Certificate> chain) {
        return new NodeCard(nodeId, baseUrl, SignatureAlgorithm.CERT.name(),
                Base64.getEncoder().encodeToString(chain.get(0).getPublicKey().getEncoded()),
                Certificates.encode(chain));
    }

    /** @throws IllegalArgumentException naming the field that is not a known algorithm */
    public SignatureAlgorithm signatureAlgorithm() {
        try {
            return SignatureAlgorithm.valueOf(algorithm);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("algorithm: oneOf(SHA256_RSA,SHA256_ECDSA,SM2_SM3,CERT)");
        }
    }

    /** The key that verifies this node's signatures: the public key, or the leaf certificate's. */
    public PublicKey publicKey() {
        SignatureAlgorithm algorithm = signatureAlgorithm();
        if (algorithm == SignatureAlgorithm.CERT) {
            return certificates().get(0).getPublicKey();
        }
        try {
            PublicKey key = algorithm.decodePublicKey(Base64.getDecoder().decode(public_key == null ? "" : public_key));
            if (SignatureAlgorithm.of(key) == algorithm) {
                return key;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // answered below
        }
        throw new IllegalArgumentException("public_key: " + algorithm + " key (Base64 X.509 SubjectPublicKeyInfo)");
    }

    public List<X509Certificate> certificates() {
        if (certificate_chain == null || certificate_chain.isEmpty()) {
            throw new IllegalArgumentException("certificate_chain: notEmpty (CERT cards carry the chain, leaf first)");
        }
        return Certificates.decode(certificate_chain);
    }

    /** Lowercase hex SHA-256 of the public key's DER encoding: what two administrators compare. */
    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

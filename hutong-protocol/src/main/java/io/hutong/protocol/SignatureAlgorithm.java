package io.hutong.protocol;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The signature algorithms two nodes agree on when they sign up (the management-layer document's
 * auth types, plus the national algorithms). {@link #CERT} signs with the key of an X.509
 * certificate, whose type picks one of the other three.
 */
public enum SignatureAlgorithm {

    /** RSA 2048, PKCS#1 v1.5 with SHA-256 (deterministic). */
    SHA256_RSA("SHA256withRSA", "RSA"),
    /** ECDSA on P-256 with SHA-256, DER-encoded signature. */
    SHA256_ECDSA("SHA256withECDSA", "EC"),
    /** SM2 on sm2p256v1 with SM3 (GM/T 0003, 0009), DER-encoded, user id {@value #SM2_USER_ID}. */
    SM2_SM3("SM3withSM2", "EC"),
    /** An X.509 certificate chain checked against a CA; the leaf's key decides the signature. */
    CERT(null, null);

    /** The default user id of GM/T 0009-2012, used by every SM2 signature here. */
    public static final String SM2_USER_ID = "1234567812345678";

    /**
     * BouncyCastle, not registered globally: the JDK has no SM2, and BouncyCastle's P-256 is
     * several times faster than SunEC's; RSA stays with the JDK.
     */
    static final Provider BC = new BouncyCastleProvider();
    private static final BigInteger SM2_ORDER = GMNamedCurves.getByName("sm2p256v1").getN();

    private final String jcaName;
    private final String keyType;

    SignatureAlgorithm(String jcaName, String keyType) {
        this.jcaName = jcaName;
        this.keyType = keyType;
    }

    /** The algorithm a key signs with: RSA, ECDSA on P-256, or SM2 (told by its curve). */
    public static SignatureAlgorithm of(Key key) {
        if (key instanceof RSAKey) {
            return SHA256_RSA;
        }
        if (key instanceof ECKey ec) {
            return ec.getParams().getOrder().equals(SM2_ORDER) ? SM2_SM3 : SHA256_ECDSA;
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    }

    /** A new key pair for this algorithm; CERT keys come with their certificate instead. */
    public KeyPair generateKeyPair() {
        try {
            return switch (this) {
                case SHA256_RSA -> {
                    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                    rsa.initialize(2048);
                    yield rsa.generateKeyPair();
                }
                case SHA256_ECDSA -> {
                    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", BC);
                    ec.initialize(new ECGenParameterSpec("secp256r1"));
                    yield ec.generateKeyPair();
                }
                case SM2_SM3 -> {
                    KeyPairGenerator sm2 = KeyPairGenerator.getInstance("EC", BC);
                    sm2.initialize(new ECGenParameterSpec("sm2p256v1"));
                    yield sm2.generateKeyPair();
                }
                case CERT -> throw new IllegalStateException("CERT keys are issued with a certificate, not generated");
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key", e);
        }
    }

    /** A public key from its X.509 SubjectPublicKeyInfo DER encoding. */
    public PublicKey decodePublicKey(byte[] spki) throws GeneralSecurityException {
        return keyFactory().generatePublic(new X509EncodedKeySpec(spki));
    }

    /** A private key from its PKCS#8 DER encoding. */
    public PrivateKey decodePrivateKey(byte[] pkcs8) throws GeneralSecurityException {
        return keyFactory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    private KeyFactory keyFactory() throws GeneralSecurityException {
        if (this == CERT) {
            throw new IllegalStateException("CERT keys are read from their certificate");
        }
        return this == SHA256_RSA ? KeyFactory.getInstance(keyType) : KeyFactory.getInstance(keyType, BC);
    }

    /** Signs {@code data} with {@code key} (whose type decides for CERT). */
    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signature = of(key).engine();
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key", e);
        }
    }

    /** Whether {@code signature} is {@code key}'s signature of {@code data}; false for malformed signatures. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = of(key).engine();
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private Signature engine() throws GeneralSecurityException {
        if (this == SM2_SM3) {
            Signature sm2 = Signature.getInstance(jcaName, BC);
            sm2.setParameter(new SM2ParameterSpec(SM2_USER_ID.getBytes(StandardCharsets.US_ASCII)));
            return sm2;
        }
        return this == SHA256_RSA ? Signature.getInstance(jcaName) : Signature.getInstance(jcaName, BC);
    }
}

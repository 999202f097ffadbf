package io.hutong.fate.internal;

import io.hutong.web.ApiException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * RSA keys in the PEM forms FATE uses: private keys as PKCS#1 ({@code BEGIN RSA PRIVATE KEY}),
 * public keys as X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}). Reading also accepts
 * PKCS#8 private keys and PKCS#1 public keys, as openssl and other tools write them.
 */
final class RsaPem {

    static final int MIN_BITS = 2048;

    private static final JcaPEMKeyConverter CONVERTER = new JcaPEMKeyConverter();

    private RsaPem() {
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(MIN_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    static String privatePem(KeyPair pair) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        try {
            return pem("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String publicPem(RSAPublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** A private key (with its public half) from PEM; anything else is a parameter error on {@code field}. */
    static KeyPair readPrivate(String field, String text) {
        Object parsed = parse(field, text);
        try {
            KeyPair pair;
            if (parsed instanceof PEMKeyPair pemPair) {
                pair = CONVERTER.getKeyPair(pemPair);
            } else if (parsed instanceof PrivateKeyInfo info) {
                if (!(CONVERTER.getPrivateKey(info) instanceof RSAPrivateCrtKey crt)) {
                    throw ApiException.invalid(field, "rsaPrivateKeyPem");
                }
                var spec = new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent());
                pair = new KeyPair(KeyFactory.getInstance("RSA").generatePublic(spec), crt);
            } else {
                throw ApiException.invalid(field, "rsaPrivateKeyPem");
            }
            if (!(pair.getPublic() instanceof RSAPublicKey rsa) || !(pair.getPrivate() instanceof RSAPrivateCrtKey)) {
                throw ApiException.invalid(field, "rsaPrivateKeyPem");
            }
            checkSize(field, rsa);
            return pair;
        } catch (GeneralSecurityException | IOException e) {
            throw ApiException.invalid(field, "rsaPrivateKeyPem");
        }
    }

    static RSAPublicKey readPublic(String field, String text) {
        Object parsed = parse(field, text);
        try {
            if (parsed instanceof SubjectPublicKeyInfo info
                    && CONVERTER.getPublicKey(info) instanceof RSAPublicKey rsa) {
                checkSize(field, rsa);
                return rsa;
            }
        } catch (IOException e) {
            throw ApiException.invalid(field, "rsaPublicKeyPem");
        }
        throw ApiException.invalid(field, "rsaPublicKeyPem");
    }

    private static void checkSize(String field, RSAPublicKey key) {
        if (key.getModulus().bitLength() < MIN_BITS) {
            throw ApiException.invalid(field, "minBits(" + MIN_BITS + ")");
        }
    }

    private static Object parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.invalid(field, "notBlank");
        }
        try (PEMParser parser = new PEMParser(new StringReader(text.strip()))) {
            Object parsed = parser.readObject();
            if (parsed == null) {
                throw ApiException.invalid(field, "pem");
            }
            return parsed;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.invalid(field, "pem");
        }
    }

    private static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

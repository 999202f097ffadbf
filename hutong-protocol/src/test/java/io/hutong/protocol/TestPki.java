package io.hutong.protocol;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority made in a test, issuing node and server certificates (shared with the server's tests). */
public record TestPki(KeyPair key, X509Certificate certificate) {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public static TestPki ca(String name, SignatureAlgorithm algorithm) {
        KeyPair key = algorithm.generateKeyPair();
        X509Certificate certificate = build(new X500Name("CN=" + name), key.getPublic(), new X500Name("CN=" + name),
                key.getPrivate(), Instant.now().minus(Duration.ofDays(1000)), Duration.ofDays(3650), true);
        return new TestPki(key, certificate);
    }

    /** A certificate for {@code cn}'s key, valid from {@code from} for {@code validity}; SANs are IP addresses. */
    public X509Certificate issue(String cn, PublicKey subject, Instant from, Duration validity, String... ipAddresses) {
        return build(new X500Name("CN=" + cn), subject, new X500Name(certificate.getSubjectX500Principal().getName()),
                key.getPrivate(), from, validity, false, ipAddresses);
    }

    /** Valid from long before now for years, so that nodes on a test clock set in the past accept it too. */
    public X509Certificate issue(String cn, PublicKey subject, String... ipAddresses) {
        return issue(cn, subject, Instant.now().minus(Duration.ofDays(900)), Duration.ofDays(2000), ipAddresses);
    }

    private static X509Certificate build(X500Name subject, PublicKey key, X500Name issuer, PrivateKey issuerKey,
            Instant from, Duration validity, boolean ca, String... ipAddresses) {
        try {
            var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(from), Date.from(from.plus(validity)), subject, key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (ipAddresses.length > 0) {
                GeneralName[] names = new GeneralName[ipAddresses.length];
                for (int i = 0; i < names.length; i++) {
                    names[i] = new GeneralName(GeneralName.iPAddress, ipAddresses[i]);
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            String algorithm = switch (SignatureAlgorithm.of(issuerKey)) {
                case SHA256_RSA -> "SHA256withRSA";
                case SM2_SM3 -> "SM3withSM2";
                default -> "SHA256withECDSA";
            };
            var signer = new JcaContentSignerBuilder(algorithm).setProvider(SignatureAlgorithm.BC).build(issuerKey);
            return new JcaX509CertificateConverter().setProvider(SignatureAlgorithm.BC)
                    .getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate... chain) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : chain) {
            try {
                pem.append(block("CERTIFICATE", certificate.getEncoded()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return pem.toString();
    }

    public static String pem(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(der),
                        StandardCharsets.US_ASCII)
                + "\n-----END " + type + "-----\n";
    }
}

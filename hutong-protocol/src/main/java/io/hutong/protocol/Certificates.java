package io.hutong.protocol;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** X.509 certificates of {@code CERT} nodes: reading PEM and Base64 DER, and checking a chain against CAs. */
public final class Certificates {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private Certificates() {
    }

    /** Every certificate of a PEM text, in order. */
    public static List<X509Certificate> readPem(String pem) {
        List<String> der = new ArrayList<>();
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                der.add(m.group(2).replaceAll("\\s", ""));
            }
        }
        if (der.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block in the PEM text");
        }
        return decode(der);
    }

    /** The PKCS#8 private key of a PEM text ({@code BEGIN PRIVATE KEY}); its algorithm is the certificate's. */
    public static PrivateKey readPrivateKey(String pem, SignatureAlgorithm algorithm) throws GeneralSecurityException {
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals("PRIVATE KEY")) {
                return algorithm.decodePrivateKey(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        throw new IllegalArgumentException("no PRIVATE KEY (PKCS#8) block in the PEM text");
    }

    public static List<X509Certificate> decode(List<String> base64Der) {
        try {
            // BouncyCastle's factory reads SM2 certificates too
            CertificateFactory factory = CertificateFactory.getInstance("X.509", SignatureAlgorithm.BC);
            List<X509Certificate> chain = new ArrayList<>();
            for (String der : base64Der) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(
                        Base64.getMimeDecoder().decode(der.getBytes(StandardCharsets.US_ASCII)))));
            }
            return chain;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("certificate_chain: X.509 certificates (Base64 DER)", e);
        }
    }

    public static List<String> encode(List<X509Certificate> chain) {
        try {
            List<String> der = new ArrayList<>();
            for (X509Certificate certificate : chain) {
                der.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            }
            return der;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks that {@code chain} (leaf first) leads to one of {@code cas} and is valid at {@code at},
     * and that the leaf's subject CN is {@code nodeId}: a CA vouches for one node, not for any.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void check(List<X509Certificate> chain, List<X509Certificate> cas, Date at, String nodeId) {
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("certificate_chain: no CA is configured to check it against");
        }
        String cn = commonName(chain.get(0));
        if (!nodeId.equals(cn)) {
            throw new IllegalArgumentException("certificate_chain: the leaf certificate names CN=" + cn + ", not "
                    + nodeId);
        }
        try {
            PKIXParameters parameters = new PKIXParameters(cas.stream().map(ca -> new TrustAnchor(ca, null))
                    .collect(Collectors.toSet()));
            parameters.setRevocationEnabled(false);
            parameters.setDate(at);
            CertificateFactory factory = CertificateFactory.getInstance("X.509", SignatureAlgorithm.BC);
            CertPathValidator.getInstance("PKIX", SignatureAlgorithm.BC)
                    .validate(factory.generateCertPath(chain.stream().filter(c -> !isAnchor(c, cas)).toList()),
                            parameters);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate_chain: not issued by a configured CA or not valid now ("
                    + e.getMessage() + ")");
        }
    }

    private static boolean isAnchor(X509Certificate certificate, List<X509Certificate> cas) {
        return Set.copyOf(cas).contains(certificate);
    }

    static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}

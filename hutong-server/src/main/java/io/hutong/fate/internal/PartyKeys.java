package io.hutong.fate.internal;

import io.hutong.core.SecretBox;
import io.hutong.fate.internal.PartyKeyStore.KeyRow;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;

/**
 * The site keys of FATE parties: signing for the parties this node holds a private key of and
 * verifying the others, the way FATE's built-in site authentication does (RSASSA-PKCS1-v1_5, Base64).
 */
@Service
public class PartyKeys implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PartyKeys.class);

    private final PartyKeyStore store;
    private final SecretBox secrets;
    private final FateProperties fate;
    private final Clock clock;
    /** Parsed and decrypted keys by party, reused while the stored revision is unchanged. */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    PartyKeys(PartyKeyStore store, SecretBox secrets, FateProperties fate, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.fate = fate;
        this.clock = clock;
    }

    /** What the admin API shows of a key: never the private key itself. */
    public record PartyKey(String partyId, SignatureAlgorithm algorithm, boolean hasPrivateKey, String publicKey,
            String fingerprint, Instant createdAt, Instant updatedAt) {
    }

    private record Parsed(long revision, SignatureAlgorithm algorithm, RSAPublicKey publicKey, PrivateKey privateKey) {
    }

    /** Like FATE itself, the node's own party gets a key pair at start when it has none. */
    @Override
    public void afterSingletonsInstantiated() {
        String own = fate.partyId();
        if (own == null) {
            return;
        }
        PartyIds.check("hutong.fate.party-id", own);
        var existing = store.find(own);
        if (existing.isEmpty()) {
            KeyPair pair = RsaPem.generate();
            if (store.insertIfAbsent(own, SignatureAlgorithm.SHA256withRSA,
                    RsaPem.publicPem((RSAPublicKey) pair.getPublic()), seal(own, pair), clock.instant())) {
                log.info("Created the RSA key pair of FATE party {} (hutong.fate.party-id)", own);
            }
        } else if (existing.get().privateKeySealed() == null) {
            log.warn("FATE party {} (hutong.fate.party-id) has a public key only: import its private key through "
                    + "the admin API before FATE Flow asks this node for signatures", own);
        }
    }

    /** The party a request names; empty or "0" means this node's own party, as in FATE. */
    public String partyOrOwn(String field, String partyId) {
        if (partyId == null || partyId.isBlank() || partyId.strip().equals("0")) {
            if (fate.partyId() == null) {
                throw ApiException.invalid(field, "notBlank (hutong.fate.party-id is not set)");
            }
            return fate.partyId();
        }
        return PartyIds.check(field, partyId);
    }

    /** True when this node signs for the party (it is one of the node's own). */
    public boolean isOwn(String partyId) {
        if (partyId == null) {
            return false;
        }
        return partyId.equals(fate.partyId()) || store.find(partyId).map(k -> k.privateKeySealed() != null).orElse(false);
    }

    public String sign(String partyId, byte[] data) {
        Parsed key = parsed(partyId);
        if (key == null || key.privateKey() == null) {
            throw ApiException.notFound("party " + partyId + " has no private key on this node");
        }
        try {
            Signature signature = Signature.getInstance(key.algorithm().name());
            signature.initSign(key.privateKey());
            signature.update(data);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign for party " + partyId, e);
        }
    }

    /** Checks a Base64 signature of {@code data} by the party; a failure names the reason. */
    public void verify(String partyId, byte[] data, String signatureBase64) {
        if (signatureBase64 == null || signatureBase64.isBlank()) {
            throw new ApiException(ErrorKind.UNAUTHORIZED, "site_signature is missing");
        }
        Parsed key = parsed(partyId);
        if (key == null) {
            throw new ApiException(ErrorKind.UNAUTHORIZED, "no public key of party " + partyId + " on this node");
        }
        byte[] signature;
        try {
            // lenient like Python's b64decode: characters outside the alphabet are skipped
            signature = Base64.getMimeDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorKind.UNAUTHORIZED, "site_signature is not Base64");
        }
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(key.algorithm().name());
            verifier.initVerify(key.publicKey());
            verifier.update(data);
            valid = verifier.verify(signature);
        } catch (SignatureException e) {
            valid = false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify for party " + partyId, e);
        }
        if (!valid) {
            throw new ApiException(ErrorKind.UNAUTHORIZED, "site_signature does not verify with the "
                    + key.algorithm() + " public key of party " + partyId);
        }
    }

    public List<PartyKey> list() {
        return store.all().stream().map(PartyKeys::view).toList();
    }

    public PartyKey get(String partyId) {
        return store.find(PartyIds.check("partyId", partyId)).map(PartyKeys::view)
                .orElseThrow(() -> ApiException.notFound("no key of party " + partyId));
    }

    /** A new key pair for a party this node signs for; replaces any key it had. */
    public PartyKey generate(String partyId, SignatureAlgorithm algorithm) {
        PartyIds.check("partyId", partyId);
        KeyPair pair = RsaPem.generate();
        store.upsert(partyId, algorithm, RsaPem.publicPem((RSAPublicKey) pair.getPublic()), seal(partyId, pair),
                clock.instant());
        return get(partyId);
    }

    /**
     * Imports a private key (the public key is derived; a given one must match) or only the public
     * key of another party. Without either key, only the algorithm of a stored key changes.
     */
    public PartyKey importKeys(String partyId, String privatePem, String publicPem, String algorithmText) {
        PartyIds.check("partyId", partyId);
        Instant now = clock.instant();
        boolean hasPrivate = privatePem != null && !privatePem.isBlank();
        boolean hasPublic = publicPem != null && !publicPem.isBlank();
        if (!hasPrivate && !hasPublic) {
            if (algorithmText == null || algorithmText.isBlank()) {
                throw ApiException.invalid("publicKey", "notBlank (or privateKey, or algorithm)");
            }
            if (!store.updateAlgorithm(partyId, SignatureAlgorithm.parse("algorithm", algorithmText), now)) {
                throw ApiException.notFound("no key of party " + partyId);
            }
            return get(partyId);
        }
        SignatureAlgorithm algorithm = algorithmText == null || algorithmText.isBlank()
                ? store.find(partyId).map(KeyRow::algorithm).orElse(SignatureAlgorithm.SHA256withRSA)
                : SignatureAlgorithm.parse("algorithm", algorithmText);
        if (hasPrivate) {
            KeyPair pair = RsaPem.readPrivate("privateKey", privatePem);
            if (hasPublic && !RsaPem.readPublic("publicKey", publicPem).equals(pair.getPublic())) {
                throw ApiException.invalid("publicKey", "matches(privateKey)");
            }
            store.upsert(partyId, algorithm, RsaPem.publicPem((RSAPublicKey) pair.getPublic()), seal(partyId, pair), now);
        } else {
            store.upsert(partyId, algorithm, RsaPem.publicPem(RsaPem.readPublic("publicKey", publicPem)), null, now);
        }
        return get(partyId);
    }

    public void delete(String partyId) {
        if (!store.delete(PartyIds.check("partyId", partyId))) {
            throw ApiException.notFound("no key of party " + partyId);
        }
        parsed.remove(partyId);
    }

    private Parsed parsed(String partyId) {
        KeyRow row = store.find(partyId).orElse(null);
        if (row == null) {
            parsed.remove(partyId);
            return null;
        }
        Parsed cached = parsed.get(partyId);
        if (cached != null && cached.revision() == row.revision()) {
            return cached;
        }
        PrivateKey privateKey = row.privateKeySealed() == null ? null : RsaPem.readPrivate("privateKey",
                new String(secrets.open(row.privateKeySealed(), boundTo(partyId)), StandardCharsets.US_ASCII)).getPrivate();
        Parsed fresh = new Parsed(row.revision(), row.algorithm(), RsaPem.readPublic("publicKey", row.publicKeyPem()),
                privateKey);
        parsed.put(partyId, fresh);
        return fresh;
    }

    private byte[] seal(String partyId, KeyPair pair) {
        return secrets.seal(RsaPem.privatePem(pair).getBytes(StandardCharsets.US_ASCII), boundTo(partyId));
    }

    private static String boundTo(String partyId) {
        return "fate_party_key:" + partyId;
    }

    private static PartyKey view(KeyRow row) {
        RSAPublicKey key = RsaPem.readPublic("publicKey", row.publicKeyPem());
        String fingerprint;
        try {
            fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new PartyKey(row.partyId(), row.algorithm(), row.privateKeySealed() != null, row.publicKeyPem(),
                fingerprint, row.createdAt(), row.updatedAt());
    }
}

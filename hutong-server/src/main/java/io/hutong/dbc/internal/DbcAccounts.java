package io.hutong.dbc.internal;

import io.hutong.core.SecretBox;
import io.hutong.dbc.internal.DbcStore.AccountRow;
import io.hutong.dbc.internal.DbcStore.ClientRow;
import io.hutong.sr25519.Sr25519;
import io.hutong.sr25519.Ss58;
import io.hutong.web.ApiException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * dbc_clients and DBC accounts: registration with validation, sealed credentials, and the
 * {@link DbcAuth} each account signs with (kept in memory once opened, so a request costs no
 * key derivation).
 */
@Service
public class DbcAccounts {

    private final DbcStore store;
    /** Bound to the purpose only: an account's id is not known before its secret is stored. */
    private static final String ACCOUNT_SECRET = "dbc account secret";

    private final SecretBox secrets;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<Long, DbcAuth> auths = new ConcurrentHashMap<>();

    DbcAccounts(DbcStore store, SecretBox secrets, JsonMapper json, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
    }

    /** What a new account brings: one of session id + signature, wallet + seed, or a multisig set. */
    public record NewAccount(String name, String sessionId, String sessionIdSign, String wallet, String seed,
            NewMultisig multisig) {
        @Override
        public String toString() {
            return "NewAccount[" + name + ", " + wallet + ", secrets hidden]";
        }
    }

    /** @param seeds seeds of at least {@code threshold} of the wallets, which Hutong signs with */
    public record NewMultisig(List<String> wallets, Integer threshold, List<String> seeds) {
        @Override
        public String toString() {
            return "NewMultisig[" + wallets + ", " + threshold + ", seeds hidden]";
        }
    }

    /** Checked credentials, ready to seal. */
    private record Checked(String authType, String wallet, ObjectNode secret) {
    }

    @Transactional
    public ClientRow registerClient(String name, String url, Long ownerUserId, String source) {
        try {
            return store.insertClient(name, normalizeUrl("url", url), ownerUserId, source, clock.instant());
        } catch (DuplicateKeyException e) {
            throw ApiException.invalid("name", "unique");
        }
    }

    @Transactional
    public AccountRow registerAccount(ClientRow client, Long ownerUserId, NewAccount account) {
        Checked checked = check(account);
        try {
            return store.insertAccount(client.id(), ownerUserId, account.name(), checked.authType(), checked.wallet(),
                    secrets.sealText(json.writeValueAsString(checked.secret()), ACCOUNT_SECRET), clock.instant());
        } catch (DuplicateKeyException e) {
            throw ApiException.invalid("name", "unique");
        }
    }

    /** Makes the properties' clients and accounts exist as configured (called at start). */
    @Transactional
    void configure(String name, DbcProperties.Client properties) {
        String url = normalizeUrl("url", properties.url());
        ClientRow client = store.sharedClient(name).orElseGet(() -> store.insertClient(name, url, null, "property",
                clock.instant()));
        if (!client.url().equals(url)) {
            store.updateClientUrl(client.id(), url);
        }
        Checked checked = check(new NewAccount(name, properties.sessionId(), properties.sessionIdSign(),
                properties.wallet(), properties.seed(), null));
        byte[] sealed = secrets.sealText(json.writeValueAsString(checked.secret()), ACCOUNT_SECRET);
        store.account(client.id(), name).ifPresentOrElse(
                existing -> {
                    store.updateAccount(existing.id(), checked.authType(), checked.wallet(), sealed);
                    auths.remove(existing.id());
                },
                () -> store.insertAccount(client.id(), null, name, checked.authType(), checked.wallet(), sealed,
                        clock.instant()));
    }

    /** Removes a client with its accounts and machines; refused while VMs are recorded on it. */
    @Transactional
    public void delete(ClientRow client) {
        if (store.clientHasVms(client.id())) {
            throw ApiException.failure("dbc_client " + client.id() + " has VMs recorded; they keep it");
        }
        store.accounts(null).stream().filter(a -> a.clientId() == client.id()).forEach(a -> auths.remove(a.id()));
        store.deleteClient(client.id());
    }

    /** The signer of an account. */
    DbcAuth auth(AccountRow account) {
        return auths.computeIfAbsent(account.id(), id -> open(account));
    }

    void forget(long accountId) {
        auths.remove(accountId);
    }

    /** A client the user may use: their own or the node's. */
    public ClientRow usableClient(long userId, long clientId) {
        return store.client(clientId).filter(c -> c.shared() || c.ownerUserId() == userId)
                .orElseThrow(() -> ApiException.notFound("no dbc_client " + clientId));
    }

    AccountRow usableAccount(long userId, long accountId) {
        return store.account(accountId).filter(a -> a.shared() || a.ownerUserId() == userId)
                .orElseThrow(() -> ApiException.notFound("no DBC account " + accountId));
    }

    /** The account to act as on a client: the user's own first, then the node's. */
    java.util.Optional<AccountRow> accountOn(long userId, long clientId) {
        return store.accounts(userId).stream().filter(a -> a.clientId() == clientId).findFirst();
    }

    private DbcAuth open(AccountRow account) {
        JsonNode secret = json.readTree(secrets.openText(account.secret(), ACCOUNT_SECRET));
        return switch (account.authType()) {
            case "session" -> new DbcAuth.Session(secret.path("session_id").asString(),
                    secret.path("session_id_sign").asString());
            case "wallet" -> new DbcAuth.Wallet(account.wallet(), Sr25519.fromSeed(seed(secret.path("seed").asString())));
            default -> {
                List<String> wallets = new ArrayList<>();
                secret.path("wallets").forEach(w -> wallets.add(w.asString()));
                List<DbcAuth.Wallet> signers = new ArrayList<>();
                secret.path("seeds").forEach(s -> {
                    Sr25519.KeyPair key = Sr25519.fromSeed(seed(s.asString()));
                    signers.add(new DbcAuth.Wallet(Ss58.encode(key.publicKey()), key));
                });
                yield new DbcAuth.Multisig(wallets, secret.path("threshold").asInt(), signers);
            }
        };
    }

    private Checked check(NewAccount account) {
        Map<String, List<String>> violations = new LinkedHashMap<>();
        boolean session = account.sessionId() != null || account.sessionIdSign() != null;
        boolean wallet = account.seed() != null;
        boolean multisig = account.multisig() != null;
        if ((session ? 1 : 0) + (wallet ? 1 : 0) + (multisig ? 1 : 0) != 1) {
            throw ApiException.invalid("sessionId", "oneOf(sessionId+sessionIdSign, wallet+seed, multisig)");
        }
        ObjectNode secret = json.createObjectNode();
        if (session) {
            if (blank(account.sessionId())) {
                violations.put("sessionId", List.of("notBlank"));
            }
            byte[] sign = signature(account.sessionIdSign(), "sessionIdSign", violations);
            if (violations.isEmpty() && account.wallet() != null) {
                byte[] key = publicKey(account.wallet(), "wallet", violations);
                if (key != null && !Sr25519.verify(key, account.sessionId(), sign)) {
                    violations.put("sessionIdSign", List.of("signatureOf(sessionId, wallet)"));
                }
            }
            fail(violations);
            secret.put("session_id", account.sessionId()).put("session_id_sign", account.sessionIdSign().strip());
            return new Checked("session", blank(account.wallet()) ? null : account.wallet().strip(), secret);
        }
        if (wallet) {
            byte[] key = publicKey(account.wallet(), "wallet", violations);
            byte[] seed = seed(account.seed(), "seed", violations);
            if (key != null && seed != null && !Arrays.equals(Sr25519.fromSeed(seed).publicKey(), key)) {
                violations.put("seed", List.of("keyOf(wallet)"));
            }
            fail(violations);
            secret.put("seed", account.seed().strip());
            return new Checked("wallet", account.wallet().strip(), secret);
        }
        NewMultisig set = account.multisig();
        List<String> wallets = set.wallets() == null ? List.of() : set.wallets();
        if (wallets.size() < 2) {
            violations.put("multisig.wallets", List.of("size(2,)"));
        }
        List<String> stripped = new ArrayList<>();
        for (int i = 0; i < wallets.size(); i++) {
            publicKey(wallets.get(i), "multisig.wallets[" + i + "]", violations);
            stripped.add(wallets.get(i) == null ? "" : wallets.get(i).strip());
        }
        int threshold = set.threshold() == null ? 0 : set.threshold();
        if (threshold < 1 || threshold > wallets.size()) {
            violations.put("multisig.threshold", List.of("range(1," + wallets.size() + ")"));
        }
        List<String> seeds = set.seeds() == null ? List.of() : set.seeds();
        if (seeds.size() < Math.max(threshold, 1)) {
            violations.put("multisig.seeds", List.of("size(" + Math.max(threshold, 1) + ",)"));
        }
        var seedArray = secret.putArray("seeds");
        for (int i = 0; i < seeds.size(); i++) {
            byte[] seed = seed(seeds.get(i), "multisig.seeds[" + i + "]", violations);
            if (seed != null && !stripped.contains(Ss58.encode(Sr25519.fromSeed(seed).publicKey()))) {
                violations.put("multisig.seeds[" + i + "]", List.of("keyOf(multisig.wallets)"));
            }
            seedArray.add(seeds.get(i) == null ? "" : seeds.get(i).strip());
        }
        fail(violations);
        var walletArray = secret.putArray("wallets");
        stripped.forEach(walletArray::add);
        secret.put("threshold", threshold);
        return new Checked("multisig", null, secret);
    }

    static String normalizeUrl(String field, String url) {
        if (blank(url)) {
            throw ApiException.invalid(field, "notBlank");
        }
        String value = url.strip();
        try {
            URI uri = URI.create(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw ApiException.invalid(field, "url(http://host:port)");
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "url(http://host:port)");
        }
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value.endsWith("/api/v1") ? value.substring(0, value.length() - "/api/v1".length()) : value;
    }

    private static byte[] publicKey(String wallet, String field, Map<String, List<String>> violations) {
        if (blank(wallet)) {
            violations.put(field, List.of("notBlank"));
            return null;
        }
        try {
            return Ss58.publicKey(wallet.strip());
        } catch (IllegalArgumentException e) {
            violations.put(field, List.of("ss58(" + e.getMessage() + ")"));
            return null;
        }
    }

    private static byte[] seed(String seed, String field, Map<String, List<String>> violations) {
        String digits = seed == null ? "" : seed.strip();
        if (digits.startsWith("0x")) {
            digits = digits.substring(2);
        }
        if (!digits.matches("[0-9a-fA-F]{64}")) {
            violations.put(field, List.of("pattern(0x followed by 64 hex characters)"));
            return null;
        }
        return HexFormat.of().parseHex(digits);
    }

    private static byte[] seed(String seed) {
        return HexFormat.of().parseHex(seed.startsWith("0x") ? seed.substring(2) : seed);
    }

    private static byte[] signature(String sign, String field, Map<String, List<String>> violations) {
        try {
            return Sr25519.signatureFromHex(sign);
        } catch (IllegalArgumentException e) {
            violations.put(field, List.of("pattern(128 hex characters)"));
            return null;
        }
    }

    private static void fail(Map<String, List<String>> violations) {
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}

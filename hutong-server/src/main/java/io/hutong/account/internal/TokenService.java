package io.hutong.account.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hutong.account.ApiTokens;
import io.hutong.account.CurrentUser;
import io.hutong.account.internal.AccountStore.Authenticated;
import io.hutong.account.internal.AccountStore.TokenRecord;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, checks and revokes API tokens. */
@Service
public class TokenService implements ApiTokens {

    private static final int MAX_CACHED = 100_000;

    private final AccountStore store;
    private final Clock clock;
    private final Cache<String, Optional<Authenticated>> cache;

    TokenService(AccountStore store, Clock clock, AccountProperties properties) {
        Duration cacheTime = properties.account().tokenCache();
        this.store = store;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(cacheTime).maximumSize(MAX_CACHED).build();
    }

    /**
     * The user a token acts for; a missing, unknown, revoked or expired token is refused. Lookups
     * are remembered for {@code hutong.account.token-cache}: a revocation on this node clears them
     * at once, one on another replica of the node is seen within that time.
     */
    @Override
    public CurrentUser authenticate(String token) {
        if (token == null || token.isBlank()) {
            throw new ApiException(ErrorKind.UNAUTHORIZED, "请求未授权: the token header is missing");
        }
        String value = token.strip();
        Authenticated found = cache.get(value, v -> store.authenticate(Tokens.hash(v))).orElse(null);
        if (found == null) {
            throw new ApiException(ErrorKind.TOKEN_INVALID, "账户Token无效");
        }
        if (found.revokedAt() != null) {
            throw new ApiException(ErrorKind.TOKEN_INVALID, "账户Token无效: the token was revoked");
        }
        if (found.expiresAt() != null && !clock.instant().isBefore(found.expiresAt())) {
            throw new ApiException(ErrorKind.TOKEN_EXPIRED, "账户Token已超时");
        }
        return found.user();
    }

    @Transactional
    public IssuedToken issue(long userId, String label, Instant expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw ApiException.invalid("expiresAt", "future");
        }
        String value = Tokens.generate();
        return new IssuedToken(store.insertToken(userId, Tokens.hash(value), Tokens.hint(value), label,
                clock.instant(), expiresAt), value);
    }

    /** Makes sure a token with exactly this value is active for the admin (for automation). */
    @Transactional
    boolean ensureAdminToken(String value) {
        CurrentUser admin = store.admin();
        var existing = store.tokenByHash(Tokens.hash(value));
        if (existing.isEmpty()) {
            store.insertToken(admin.id(), Tokens.hash(value), Tokens.hint(value), "bootstrap", clock.instant(), null);
            return true;
        }
        if (existing.get().userId() != admin.id()) {
            throw new IllegalStateException("hutong.bootstrap.admin-token is already the token of another user");
        }
        if (existing.get().revokedAt() != null || existing.get().expiresAt() != null) {
            store.reactivate(existing.get().id());
            cache.invalidateAll();
        }
        return false;
    }

    @Transactional
    public void revoke(long tokenId) {
        store.token(tokenId).orElseThrow(() -> ApiException.notFound("no token " + tokenId));
        store.revoke(tokenId, clock.instant());
        cache.invalidateAll();
    }

    /** A token just issued: the only time its value is known. */
    public record IssuedToken(TokenRecord record, String value) {
    }
}

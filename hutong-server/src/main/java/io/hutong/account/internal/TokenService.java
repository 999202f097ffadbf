package io.hutong.account.internal;

import io.hutong.account.CurrentUser;
import io.hutong.account.internal.AccountStore.TokenRecord;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, checks and revokes API tokens. */
@Service
public class TokenService {

    private final AccountStore store;
    private final Clock clock;

    TokenService(AccountStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The user a token acts for; a missing, unknown, revoked or expired token is refused. */
    CurrentUser authenticate(String token) {
        if (token == null || token.isBlank()) {
            throw new ApiException(ErrorKind.UNAUTHORIZED, "请求未授权: the token header is missing");
        }
        TokenRecord record = store.tokenByHash(Tokens.hash(token.strip()))
                .orElseThrow(() -> new ApiException(ErrorKind.TOKEN_INVALID, "账户Token无效"));
        if (record.revokedAt() != null) {
            throw new ApiException(ErrorKind.TOKEN_INVALID, "账户Token无效: the token was revoked");
        }
        if (record.expiresAt() != null && !clock.instant().isBefore(record.expiresAt())) {
            throw new ApiException(ErrorKind.TOKEN_EXPIRED, "账户Token已超时");
        }
        return store.findById(record.userId())
                .orElseThrow(() -> new ApiException(ErrorKind.TOKEN_INVALID, "账户Token无效"));
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
        }
        return false;
    }

    @Transactional
    public void revoke(long tokenId) {
        store.token(tokenId).orElseThrow(() -> ApiException.notFound("no token " + tokenId));
        store.revoke(tokenId, clock.instant());
    }

    /** A token just issued: the only time its value is known. */
    public record IssuedToken(TokenRecord record, String value) {
    }
}

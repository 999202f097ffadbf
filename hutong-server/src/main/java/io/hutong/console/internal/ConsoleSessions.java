package io.hutong.console.internal;

import io.hutong.account.ApiTokens;
import io.hutong.account.CurrentUser;
import io.hutong.core.SecretBox;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Console sessions without server state, so every replica of a node knows them: the cookie holds
 * the API token and the session's end, sealed by the node's secret box. Each request checks the
 * token again, so revoking it ends the session. The CSRF token is a hash of the cookie, which a
 * page of another site can neither read (HttpOnly) nor send (SameSite=Strict).
 */
@Component
public class ConsoleSessions {

    public static final String COOKIE = "hutong_console";
    private static final String BOUND_TO = "console-session";

    private final SecretBox box;
    private final ApiTokens tokens;
    private final ConsoleProperties properties;
    private final Clock clock;

    ConsoleSessions(SecretBox box, ApiTokens tokens, ConsoleProperties properties, Clock clock) {
        this.box = box;
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
    }

    /** Checks the token (refusing it as the APIs do) and answers the cookie of a new session. */
    public ResponseCookie login(String token, boolean secure) {
        tokens.authenticate(token);
        Instant end = clock.instant().plus(properties.sessionTimeout());
        String value = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(box.sealText(end.getEpochSecond() + "\n" + token.strip(), BOUND_TO));
        return cookie(value, secure).maxAge(properties.sessionTimeout()).build();
    }

    /** The cookie that ends the session in the browser. */
    public ResponseCookie logout(boolean secure) {
        return cookie("", secure).maxAge(0).build();
    }

    /** The session's person; empty without a session, or when it ended or its token no longer counts. */
    public Optional<Viewer> viewer(HttpServletRequest request) {
        String value = cookieValue(request);
        if (value == null) {
            return Optional.empty();
        }
        String[] parts;
        Instant end;
        try {
            parts = box.openText(Base64.getUrlDecoder().decode(value), BOUND_TO).split("\n", 2);
            end = Instant.ofEpochSecond(Long.parseLong(parts[0]));
        } catch (IllegalArgumentException | IllegalStateException notOurs) {
            return Optional.empty();
        }
        if (parts.length != 2 || !clock.instant().isBefore(end)) {
            return Optional.empty();
        }
        CurrentUser user = tokens.authenticate(parts[1]);
        return Optional.of(new Viewer(user, csrf(value)));
    }

    private static String cookieValue(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie cookie : request.getCookies()) {
            if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static ResponseCookie.ResponseCookieBuilder cookie(String value, boolean secure) {
        return ResponseCookie.from(COOKIE, value).httpOnly(true).sameSite("Strict").secure(secure).path("/console");
    }

    private static String csrf(String cookie) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("csrf\n" + cookie).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

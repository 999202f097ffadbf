package io.hutong.account;

/** Checks an API token for features that carry it other than in the {@code token} header (the console's session). */
public interface ApiTokens {

    /**
     * The user a token acts for; a missing, unknown, revoked or expired token is refused with the
     * same {@link io.hutong.web.ApiException} the {@code token} header gets.
     */
    CurrentUser authenticate(String token);
}

package io.hutong.account;

/**
 * The user a request acts for, resolved from its {@code token} header. Controllers of
 * {@link UserApi} and {@link AdminApi} classes take it as a method parameter.
 */
public record CurrentUser(long id, String name, String displayName, boolean admin) {
}

package io.hutong.node;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an endpoint of an {@link EastWestApi} controller: the verifier checks the call's nonce against
 * what this replica has seen, and the endpoint records it, with {@link PeerCaller#nonce()}, in the
 * transaction of its work. A replay is then refused there, and the work rolled back.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NonceInTransaction {
}

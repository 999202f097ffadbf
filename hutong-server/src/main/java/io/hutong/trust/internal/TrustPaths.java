package io.hutong.trust.internal;

/** The east-west paths of node trust. */
final class TrustPaths {

    static final String PREFIX = "/v1/interconn/node/";
    /** GET: this node's card (public); POST: a peer announces its new card after a rotation. */
    static final String CARD = PREFIX + "card";
    /** POST: a holder delivers a resource token it granted this node. */
    static final String TOKEN = PREFIX + "token";

    private TrustPaths() {
    }
}

package io.hutong.node;

/** Adds the signature of an outgoing east-west call. The node-trust feature provides it. */
public interface RequestSigner {

    void sign(OutgoingCall call);
}

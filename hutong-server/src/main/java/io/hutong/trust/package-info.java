/**
 * Node trust: this node's signing keys and card, peers signed up by importing their cards, the
 * signature of every outgoing east-west call and the strict check of every incoming one (signature,
 * target, timestamp window, nonce, CSRF header, body digest), and multi-party resource tokens that
 * decide whether another node's job may use this node's datasets.
 */
package io.hutong.trust;

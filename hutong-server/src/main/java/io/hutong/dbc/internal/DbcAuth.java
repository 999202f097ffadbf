package io.hutong.dbc.internal;

import io.hutong.sr25519.Sr25519;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** How a DBC account authenticates a request body. None of these print their secrets. */
sealed interface DbcAuth {

    void addTo(ObjectNode body);

    /** The renter's shared {@code session_id} and {@code session_id_sign}. */
    record Session(String sessionId, String sessionIdSign) implements DbcAuth {
        @Override
        public void addTo(ObjectNode body) {
            body.put("session_id", sessionId).put("session_id_sign", sessionIdSign);
        }

        @Override
        public String toString() {
            return "Session[hidden]";
        }
    }

    /** A wallet whose seed Hutong holds: every request gets a fresh nonce and its sr25519 signature. */
    record Wallet(String wallet, Sr25519.KeyPair key) implements DbcAuth {
        @Override
        public void addTo(ObjectNode body) {
            String nonce = nonce();
            body.put("wallet", wallet).put("nonce", nonce).put("sign", HexFormat.of().formatHex(key.sign(nonce)));
        }

        void addSignTo(ArrayNode signs) {
            String nonce = nonce();
            signs.addObject().put("wallet", wallet).put("nonce", nonce)
                    .put("sign", HexFormat.of().formatHex(key.sign(nonce)));
        }

        @Override
        public String toString() {
            return "Wallet[" + wallet + "]";
        }
    }

    /** A multisig set: its wallets, the threshold, and the members whose seeds Hutong holds to sign. */
    record Multisig(List<String> wallets, int threshold, List<Wallet> signers) implements DbcAuth {
        @Override
        public void addTo(ObjectNode body) {
            ObjectNode multisig = body.putObject("multisig_accounts");
            ArrayNode list = multisig.putArray("wallets");
            wallets.forEach(list::add);
            multisig.put("threshold", Integer.toString(threshold));
            ArrayNode signs = multisig.putArray("signs");
            signers.forEach(s -> s.addSignTo(signs));
        }

        @Override
        public String toString() {
            return "Multisig[" + wallets + ", " + threshold + "]";
        }
    }

    /** Calls that need no signature (machine info, rent orders, image servers). */
    record None() implements DbcAuth {
        @Override
        public void addTo(ObjectNode body) {
        }
    }

    /** DBC accepts any string as a nonce; 24 random bytes in hex never repeat in practice. */
    private static String nonce() {
        byte[] bytes = new byte[24];
        Holder.RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    final class Holder {
        private static final SecureRandom RANDOM = new SecureRandom();

        private Holder() {
        }
    }
}

package io.hutong.components.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.components.internal.wire.ErrorCode;
import io.hutong.components.internal.wire.HandshakeRequest;
import io.hutong.components.internal.wire.HandshakeResponse;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The messages byte for byte as the notes' golden encodings (hand-encoded from the standard's field numbers). */
class WireGoldenTest {

    private static final HexFormat HEX = HexFormat.of();
    static final String REQUEST = "080210011a01013a010142590a47747970652e676f6f676c65617069732e636f6d2f6f72672e696e7465"
            + "72636f6e6e656374696f6e2e76322e70726f746f636f6c2e45636350726f746f636f6c50726f706f73616c120e0a010112060801100b"
            + "18031a01014a570a42747970652e676f6f676c65617069732e636f6d2f6f72672e696e746572636f6e6e656374696f6e2e76322e616c"
            + "676f732e50736944617461496f50726f706f73616c12110a010110e80718ffffffffffffffffff01";
    private static final String RESPONSE = "0a0010013201013a5e0a45747970652e676f6f676c65617069732e636f6d2f6f72672e696e74"
            + "6572636f6e6e656374696f6e2e76322e70726f746f636f6c2e45636350726f746f636f6c526573756c74121512060801100b18031801"
            + "20ffffffffffffffffff0142540a42747970652e676f6f676c65617069732e636f6d2f6f72672e696e746572636f6e6e656374696f6e"
            + "2e76322e616c676f732e50736944617461496f50726f706f73616c120e10e80718ffffffffffffffffff01";

    private final Suite curve25519 = new Curve25519Suite(X25519.Engine.fastest());

    @Test
    void rankOneProposesAsTheGoldenRequest() {
        byte[] request = Handshake.request(curve25519, 1, 1000, -1).toByteArray();
        assertThat(request).hasSize(190);
        assertThat(HEX.formatHex(request)).isEqualTo(REQUEST);
    }

    @Test
    void rankZeroAnswersAsSecretFlowsRankZero() throws Exception {
        HandshakeResponse response = Handshake.respond(HandshakeRequest.parseFrom(HEX.parseHex(REQUEST)), curve25519,
                1000, -1);
        assertThat(response.toByteArray()).hasSize(189);
        assertThat(HEX.formatHex(response.toByteArray())).isEqualTo(RESPONSE);
        Handshake.check(HandshakeResponse.parseFrom(HEX.parseHex(RESPONSE)), curve25519, "guest.0");
        assertThat(Handshake.items(response.getIoParam())).isEqualTo(1000);
    }

    @Test
    void rankZeroRefusesAnotherSuiteOrResultRank() throws Exception {
        HandshakeRequest request = HandshakeRequest.parseFrom(HEX.parseHex(REQUEST));
        HandshakeResponse otherSuite = Handshake.respond(request, new Sm2Suite(), 1000, -1);
        assertThat(otherSuite.getHeader().getErrorCode()).isEqualTo(ErrorCode.HANDSHAKE_REFUSED.getNumber());
        assertThat(otherSuite.getHeader().getErrorMsg()).contains("SM2", "does not offer");
        HandshakeResponse otherRank = Handshake.respond(request, curve25519, 1000, 0);
        assertThat(otherRank.getHeader().getErrorCode()).isEqualTo(ErrorCode.HANDSHAKE_REFUSED.getNumber());
        assertThat(otherRank.getHeader().getErrorMsg()).contains("rank -1", "rank 0");
        HandshakeResponse otherVersion = Handshake.respond(request.toBuilder().setVersion(3).build(), curve25519, 1000, -1);
        assertThat(otherVersion.getHeader().getErrorMsg()).contains("version 3");
        assertThatThrownBy(() -> Handshake.check(otherSuite, curve25519, "guest.0")).isInstanceOf(ComponentFailure.class)
                .hasMessageContaining("guest.0 refused the handshake (HANDSHAKE_REFUSED)");
    }

    @Test
    void rankOneRefusesAnAnswerWithAnotherSuite() throws Exception {
        HandshakeResponse sm2 = Handshake.respond(Handshake.request(new Sm2Suite(), 1, 10, -1), new Sm2Suite(), 10, -1);
        assertThatThrownBy(() -> Handshake.check(sm2, curve25519, "guest.0")).isInstanceOf(ComponentFailure.class)
                .hasMessageContaining("guest.0 chose SM2");
    }

    @Test
    void theEncTerminatorIsTheGoldenOne() {
        assertThat(HEX.formatHex(EcdhPsi.batch("enc", 1, true, 0, new byte[0]))).isEqualTo("0a03656e6318012001");
    }
}

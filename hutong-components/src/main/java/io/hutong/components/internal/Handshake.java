package io.hutong.components.internal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.hutong.components.internal.wire.AlgoType;
import io.hutong.components.internal.wire.EccProtocolProposal;
import io.hutong.components.internal.wire.EccProtocolResult;
import io.hutong.components.internal.wire.ErrorCode;
import io.hutong.components.internal.wire.HandshakeRequest;
import io.hutong.components.internal.wire.HandshakeResponse;
import io.hutong.components.internal.wire.ProtocolFamily;
import io.hutong.components.internal.wire.PsiDataIoProposal;
import io.hutong.components.internal.wire.ResponseHeader;

/**
 * The ECDH-PSI handshake as SecretFlow's interconnection implementation runs it: rank 1 proposes
 * its suite, point format, item count and result rank; rank 0 accepts only its own suite, format and
 * result rank, and answers with them (its item count in a {@code PsiDataIoProposal}, as SecretFlow
 * does); rank 1 checks that the answer is its own suite and format.
 */
final class Handshake {

    static final int VERSION = 2;
    private static final int ECC_VERSION = 1;
    private static final int PSI_IO_VERSION = 1;
    private static final int NO_TRUNCATION = -1;

    private Handshake() {
    }

    /** What rank {@code rank} proposes. */
    static HandshakeRequest request(Suite suite, int rank, long items, int resultToRank) {
        EccProtocolProposal ecc = EccProtocolProposal.newBuilder().addSupportedVersions(ECC_VERSION)
                .addEcSuits(suite.wire()).addPointOctetFormats(suite.format().getNumber()).build();
        PsiDataIoProposal io = PsiDataIoProposal.newBuilder().addSupportedVersions(PSI_IO_VERSION).setItemNum(items)
                .setResultToRank(resultToRank).build();
        return HandshakeRequest.newBuilder().setVersion(VERSION).setRequesterRank(rank)
                .addSupportedAlgos(AlgoType.ECDH_PSI.getNumber()).addProtocolFamilies(ProtocolFamily.ECC.getNumber())
                .addProtocolFamilyParams(Any.pack(ecc)).setIoParam(Any.pack(io)).build();
    }

    /** Rank 0's answer to a proposal: its own terms, or a refusal whose header says why. */
    static HandshakeResponse respond(HandshakeRequest request, Suite suite, long items, int resultToRank) {
        if (request.getVersion() != VERSION) {
            return refusal(ErrorCode.HANDSHAKE_REFUSED, "version " + request.getVersion() + "; this party speaks "
                    + VERSION);
        }
        if (!request.getSupportedAlgosList().contains(AlgoType.ECDH_PSI.getNumber())) {
            return refusal(ErrorCode.UNSUPPORTED_ALGO, "the proposal does not offer ECDH_PSI");
        }
        int ecc = request.getProtocolFamiliesList().indexOf(ProtocolFamily.ECC.getNumber());
        EccProtocolProposal proposal;
        PsiDataIoProposal io;
        try {
            if (ecc < 0 || ecc >= request.getProtocolFamilyParamsCount()
                    || !request.getProtocolFamilyParams(ecc).is(EccProtocolProposal.class)) {
                return refusal(ErrorCode.INVALID_REQUEST, "the ECC family comes without an EccProtocolProposal");
            }
            proposal = request.getProtocolFamilyParams(ecc).unpack(EccProtocolProposal.class);
            if (!request.getIoParam().is(PsiDataIoProposal.class)) {
                return refusal(ErrorCode.INVALID_REQUEST, "io_param is no PsiDataIoProposal");
            }
            io = request.getIoParam().unpack(PsiDataIoProposal.class);
        } catch (InvalidProtocolBufferException e) {
            return refusal(ErrorCode.INVALID_REQUEST, "a parameter does not parse: " + e.getMessage());
        }
        if (!proposal.getEcSuitsList().contains(suite.wire())) {
            return refusal(ErrorCode.HANDSHAKE_REFUSED, "this party masks with " + describe(suite)
                    + ", which the proposal does not offer");
        }
        if (!proposal.getPointOctetFormatsList().contains(suite.format().getNumber())) {
            return refusal(ErrorCode.HANDSHAKE_REFUSED, "this party sends points " + suite.format()
                    + ", which the proposal does not offer");
        }
        if (io.getResultToRank() != resultToRank) {
            return refusal(ErrorCode.HANDSHAKE_REFUSED, "the proposal gives the result to rank " + io.getResultToRank()
                    + "; this party gives it to rank " + resultToRank + " (-1: both)");
        }
        EccProtocolResult result = EccProtocolResult.newBuilder().setEcSuit(suite.wire())
                .setPointOctetFormat(suite.format().getNumber()).setBitLengthAfterTruncated(NO_TRUNCATION).build();
        return HandshakeResponse.newBuilder().setHeader(ResponseHeader.getDefaultInstance())
                .setAlgo(AlgoType.ECDH_PSI.getNumber()).addProtocolFamilies(ProtocolFamily.ECC.getNumber())
                .addProtocolFamilyParams(Any.pack(result))
                .setIoParam(Any.pack(PsiDataIoProposal.newBuilder().setItemNum(items).setResultToRank(resultToRank)
                        .build()))
                .build();
    }

    /**
     * Rank 1's check of the answer.
     *
     * @throws ComponentFailure when rank 0 refused or answered other terms
     */
    static void check(HandshakeResponse response, Suite suite, String peer) {
        if (response.getHeader().getErrorCode() != ErrorCode.OK.getNumber()) {
            throw new ComponentFailure(peer + " refused the handshake (" + errorName(response.getHeader().getErrorCode())
                    + "): " + response.getHeader().getErrorMsg());
        }
        if (response.getAlgo() != AlgoType.ECDH_PSI.getNumber()) {
            throw new ComponentFailure(peer + " answered the handshake with algorithm " + response.getAlgo()
                    + ", not ECDH_PSI");
        }
        int ecc = response.getProtocolFamiliesList().indexOf(ProtocolFamily.ECC.getNumber());
        EccProtocolResult result;
        try {
            if (ecc < 0 || ecc >= response.getProtocolFamilyParamsCount()
                    || !response.getProtocolFamilyParams(ecc).is(EccProtocolResult.class)) {
                throw new ComponentFailure(peer + " answered the handshake without an EccProtocolResult");
            }
            result = response.getProtocolFamilyParams(ecc).unpack(EccProtocolResult.class);
        } catch (InvalidProtocolBufferException e) {
            throw new ComponentFailure(peer + "'s EccProtocolResult does not parse: " + e.getMessage());
        }
        if (!result.getEcSuit().equals(suite.wire()) || result.getPointOctetFormat() != suite.format().getNumber()) {
            throw new ComponentFailure(peer + " chose " + result.getEcSuit().getCurve() + "/"
                    + result.getEcSuit().getHash() + "/" + result.getEcSuit().getHash2CurveStrategy() + " with points "
                    + result.getPointOctetFormat() + "; this party masks with " + describe(suite));
        }
    }

    /** The peer's item count as its handshake message says, or -1 when it says none. */
    static long items(Any io) {
        try {
            return io.is(PsiDataIoProposal.class) ? io.unpack(PsiDataIoProposal.class).getItemNum() : -1;
        } catch (InvalidProtocolBufferException e) {
            return -1;
        }
    }

    private static String describe(Suite suite) {
        return suite.wire().getCurve() + "/" + suite.wire().getHash() + "/" + suite.wire().getHash2CurveStrategy()
                + " (points " + suite.format() + ")";
    }

    private static String errorName(int code) {
        ErrorCode known = ErrorCode.forNumber(code);
        return known == null ? Integer.toString(code) : known.name();
    }

    private static HandshakeResponse refusal(ErrorCode code, String message) {
        return HandshakeResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setErrorCode(code.getNumber())
                .setErrorMsg(message)).build();
    }
}

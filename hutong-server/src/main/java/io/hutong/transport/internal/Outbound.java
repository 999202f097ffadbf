package io.hutong.transport.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transport answer: the {@code TransportOutbound} message of the standard's protobuf
 * ({@code bytes payload = 1; string code = 2; string message = 3}), as Kuscia sends it, or the
 * JSON form {@code {code, message, content}} with the content in Base64.
 */
record Outbound(String code, String message, byte[] payload) {

    static final String PROTOBUF = "application/x-protobuf";

    static Outbound ok(byte[] payload) {
        return new Outbound(ChanCode.OK.code, "success", payload);
    }

    static Outbound of(ChanException refused) {
        return new Outbound(refused.code, refused.getMessage(), new byte[0]);
    }

    boolean success() {
        return ChanCode.OK.code.equals(code);
    }

    byte[] toProtobuf() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + code.length() + message.length() + 16);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            if (payload.length > 0) {
                out.writeByteArray(1, payload);
            }
            out.writeString(2, code);
            if (!message.isEmpty()) {
                out.writeString(3, message);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws ChanException when the bytes are not a TransportOutbound */
    static Outbound fromProtobuf(byte[] bytes) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        byte[] payload = new byte[0];
        String code = "";
        String message = "";
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> payload = in.readByteArray();
                    case 2 -> code = in.readString();
                    case 3 -> message = in.readString();
                    default -> in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new ChanException(ChanCode.SYSTEM_ERROR, "the peer's answer is not a TransportOutbound: " + e.getMessage());
        }
        return new Outbound(code, message, payload);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", code);
        json.put("message", message);
        json.put("content", Base64.getEncoder().encodeToString(payload));
        return json;
    }
}

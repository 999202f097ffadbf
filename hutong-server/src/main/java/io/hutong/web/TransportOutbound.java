package io.hutong.web;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The transport layer's answer: the {@code TransportOutbound} message of the standard's protobuf
 * ({@code bytes payload = 1; string code = 2; string message = 3}), as Kuscia sends it, or the
 * JSON form {@code {code, message, content}} with the content in Base64.
 */
public record TransportOutbound(String code, String message, byte[] payload) {

    public static final String PROTOBUF = "application/x-protobuf";

    public static TransportOutbound ok(byte[] payload) {
        return new TransportOutbound(TransportCode.OK.code(), "success", payload);
    }

    /** A refusal; the message is cut as every error message is ({@link Echo}). */
    public static TransportOutbound refusal(String code, String message) {
        return new TransportOutbound(code, Echo.cut(message == null ? "" : message), new byte[0]);
    }

    public boolean success() {
        return TransportCode.OK.code().equals(code);
    }

    public byte[] toProtobuf() {
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

    /** @throws IllegalArgumentException when the bytes are not a TransportOutbound */
    public static TransportOutbound fromProtobuf(byte[] bytes) {
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
            throw new IllegalArgumentException("not a TransportOutbound: " + e.getMessage(), e);
        }
        return new TransportOutbound(code, message, payload);
    }

    /** Whether a call came in the standard's JSON form (answered in JSON) rather than in Kuscia's raw form. */
    public static boolean jsonForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_JSON_VALUE);
    }

    /** This answer in either form, always with HTTP 200 as Kuscia answers. */
    public ResponseEntity<Object> toResponse(boolean json) {
        return json ? ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(toJson())
                : ResponseEntity.ok().contentType(MediaType.parseMediaType(PROTOBUF)).body(toProtobuf());
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", code);
        json.put("message", message);
        json.put("content", Base64.getEncoder().encodeToString(payload));
        return json;
    }
}

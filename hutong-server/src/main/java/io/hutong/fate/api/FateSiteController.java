package io.hutong.fate.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hutong.fate.internal.ClientApps;
import io.hutong.fate.internal.PartyIds;
import io.hutong.fate.internal.PartyKeys;
import io.hutong.fate.internal.PythonJson;
import io.hutong.web.ApiException;
import io.hutong.web.EnvelopeFamily;
import io.hutong.web.FateApi;
import io.hutong.web.FateResponse;
import io.hutong.web.TraceIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * FATE Flow's site authentication hooks ({@code fate_flow.hook.api.site_authentication}) and client
 * authentication hook. FATE Flow cannot send a Hutong token: these endpoints are open to the network
 * FATE Flow calls from; the signatures and HMACs they check are their security.
 */
@RestController
@FateApi
@RequestMapping("${hutong.fate.path-prefix:/api/fate}")
@Tag(name = "FATE Flow site and client authentication")
class FateSiteController {

    private final PartyKeys keys;
    private final ClientApps apps;

    FateSiteController(PartyKeys keys, ClientApps apps) {
        this.keys = keys;
        this.apps = apps;
    }

    /** FATE reads the signature from {@code data}; the document names it {@code site_signature}: both carry it. */
    @JsonPropertyOrder({"code", "msg", "data", "site_signature"})
    record SignatureAnswer(int code, String msg, String data, String site_signature) {
    }

    @PostMapping("/signature")
    @Operation(summary = "Sign an outgoing FATE request", description = """
            Request: {…registered data, "party_id": <local party id, number or string>, "body": <request JSON or null>}.
            Signs Python's json.dumps(body) with the party's private key (SHA256withRSA, or MD5withRSA when set \
            for the party), standard Base64.""")
    SignatureAnswer signature(@RequestBody byte[] request) {
        Map<String, Object> fields = object(request);
        String party = keys.partyOrOwn("party_id", PartyIds.of("party_id", fields.get("party_id")));
        String signature = keys.sign(party, PythonJson.dumpsBytes(fields.get("body")));
        return new SignatureAnswer(0, "success", signature, signature);
    }

    @PostMapping("/site_authentication")
    @Operation(summary = "Verify an incoming FATE request", description = """
            Request: {…registered data, "src_party_id": <party id; this node's party when empty or "0">, \
            "site_signature": <Base64 or null>, "body": <request JSON or null>}. A failure answers a non-zero code \
            and the reason in msg.""")
    FateResponse<Void> siteAuthentication(@RequestBody byte[] request) {
        Map<String, Object> fields = object(request);
        String party = keys.partyOrOwn("src_party_id", PartyIds.of("src_party_id", fields.get("src_party_id")));
        if (fields.get("site_signature") != null && !(fields.get("site_signature") instanceof String)) {
            throw ApiException.invalid("site_signature", "type(string)");
        }
        keys.verify(party, PythonJson.dumpsBytes(fields.get("body")), (String) fields.get("site_signature"));
        return FateResponse.ok();
    }

    @PostMapping("/client_authentication")
    @Operation(summary = "Check a FATE client request (HMAC-SHA1)", description = """
            Request: {"full_path", "headers", "form", "data", "json"} (or the document's {full_path, headers, form}). \
            Checks TIMESTAMP (within 60 s), NONCE (once), APP_KEY and SIGNATURE as FATE Flow's own client \
            authentication does, with the app secrets of the admin API.""")
    FateResponse<Void> clientAuthentication(@RequestBody byte[] request) {
        apps.authenticate(object(request));
        return FateResponse.ok();
    }

    @GetMapping(value = "/public_key/{party_id}", produces = {MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "A party's public key as PEM (BEGIN PUBLIC KEY)")
    ResponseEntity<?> publicKey(@PathVariable("party_id") String partyId) {
        try {
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(keys.get(partyId).publicKey());
        } catch (ApiException e) {
            // a key file is fetched by tools that read the HTTP status, not FATE's code
            return ResponseEntity.status(e.kind().status()).contentType(MediaType.APPLICATION_JSON)
                    .body(EnvelopeFamily.FATE.error(e.kind(), e.getMessage(), e.violations(), TraceIds.current()));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(byte[] request) {
        if (!(PythonJson.parse(request, "body") instanceof Map<?, ?> map)) {
            throw ApiException.invalid("body", "type(object)");
        }
        return (Map<String, Object>) map;
    }
}

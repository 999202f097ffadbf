package io.hutong.fate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hutong.account.AdminApi;
import io.hutong.fate.internal.ClientApps;
import io.hutong.fate.internal.PartyKeys;
import io.hutong.fate.internal.PartyKeys.PartyKey;
import io.hutong.fate.internal.Registration;
import io.hutong.fate.internal.SignatureAlgorithm;
import io.hutong.web.ApiDates;
import io.hutong.web.InfiniteResponse;
import io.hutong.web.TextLimit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Admin API: FATE parties' site keys, client-authentication apps, and the FATE Flow registration guide. */
@RestController
@AdminApi
@RequestMapping("/admin/fate")
@Tag(name = "FATE Flow keys and apps (admin)", description = "Site keys per FATE party, HMAC apps, registration")
class AdminFateAuthController {

    private final PartyKeys keys;
    private final ClientApps apps;
    private final Registration registration;
    private final ApiDates dates;

    AdminFateAuthController(PartyKeys keys, ClientApps apps, Registration registration, ApiDates dates) {
        this.keys = keys;
        this.apps = apps;
        this.registration = registration;
        this.dates = dates;
    }

    record KeyView(String partyId, String algorithm, boolean hasPrivateKey, String publicKey, String fingerprint,
            String createdAt, String updatedAt) {
    }

    record GenerateKey(@Schema(description = "SHA256withRSA (default, FATE 1.11) or MD5withRSA (FATE 1.9, 1.10)")
            String algorithm) {
    }

    /** Characters of a PEM key: an RSA-8192 private key has about 6,300. */
    private static final int PEM = 16384;

    record ImportKey(
            @Schema(description = "PEM, PKCS#1 (BEGIN RSA PRIVATE KEY) or PKCS#8; for a party this node signs for")
            @TextLimit(PEM) String privateKey,
            @Schema(description = "PEM (BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY); alone for another party")
            @TextLimit(PEM) String publicKey,
            @Schema(description = "SHA256withRSA or MD5withRSA; alone it changes only the algorithm") String algorithm) {
    }

    /** {@code appSecret} only in the answer that created the app. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AppView(String appKey, String name, String appSecret, String createdAt) {
    }

    record NewApp(
            @Size(max = 128) @Schema(description = "generated when absent; FATE clients send it as APP_KEY") String appKey,
            @Size(max = 256) @Schema(description = "generated when absent; shown only in this answer") String appSecret,
            @Size(max = 255) String name) {
    }

    @GetMapping("/keys")
    @Operation(summary = "List the parties' keys (public parts only)")
    InfiniteResponse<List<KeyView>> keys() {
        return InfiniteResponse.ok(keys.list().stream().map(this::view).toList());
    }

    @GetMapping("/keys/{partyId}")
    @Operation(summary = "One party's key (public part)")
    InfiniteResponse<KeyView> key(@PathVariable String partyId) {
        return InfiniteResponse.ok(view(keys.get(partyId)));
    }

    @PostMapping("/keys/{partyId}/generate")
    @Operation(summary = "Generate a new RSA-2048 key pair for a party this node signs for",
            description = "Replaces the party's key; give the new public key to the party's partners.")
    InfiniteResponse<KeyView> generate(@PathVariable String partyId, @RequestBody(required = false) GenerateKey request) {
        return InfiniteResponse.ok(view(keys.generate(partyId,
                SignatureAlgorithm.parse("algorithm", request == null ? null : request.algorithm()))));
    }

    @PutMapping("/keys/{partyId}")
    @Operation(summary = "Import a party's key", description = "A private key (the public key is derived) for a "
            + "party this node signs for, or the public key of a partner whose signatures it verifies.")
    InfiniteResponse<KeyView> importKey(@PathVariable String partyId, @RequestBody ImportKey request) {
        return InfiniteResponse.ok(view(keys.importKeys(partyId, request.privateKey(), request.publicKey(),
                request.algorithm())));
    }

    @DeleteMapping("/keys/{partyId}")
    @Operation(summary = "Delete a party's key")
    InfiniteResponse<Map<String, Object>> deleteKey(@PathVariable String partyId) {
        keys.delete(partyId);
        return InfiniteResponse.ok();
    }

    @GetMapping("/apps")
    @Operation(summary = "List client-authentication apps (without secrets)")
    InfiniteResponse<List<AppView>> apps() {
        return InfiniteResponse.ok(apps.list().stream()
                .map(app -> new AppView(app.appKey(), app.name(), null, dates.format(app.createdAt()))).toList());
    }

    @PostMapping("/apps")
    @Operation(summary = "Create a client-authentication app", description = "The secret is returned only here; "
            + "give key and secret to match FATE's http_app_key/http_secret_key.")
    InfiniteResponse<AppView> createApp(@Valid @RequestBody(required = false) NewApp request) {
        NewApp body = request == null ? new NewApp(null, null, null) : request;
        var created = apps.create(body.appKey(), body.appSecret(), body.name());
        return InfiniteResponse.ok(new AppView(created.app().appKey(), created.app().name(), created.appSecret(),
                dates.format(created.app().createdAt())));
    }

    @DeleteMapping("/apps/{appKey}")
    @Operation(summary = "Delete a client-authentication app", description = "Takes effect at once.")
    InfiniteResponse<Map<String, Object>> deleteApp(@PathVariable String appKey) {
        apps.delete(appKey);
        return InfiniteResponse.ok();
    }

    @GetMapping("/registration")
    @Operation(summary = "How to register this node with FATE Flow", description = "The FATE Flow requests "
            + "(server, then one per service) for this node's URLs, as JSON and as curl commands, the "
            + "service_conf.yaml hook settings and the ApiReader parameters.")
    InfiniteResponse<Registration.Guide> registration() {
        return InfiniteResponse.ok(registration.guide(ServletUriComponentsBuilder.fromCurrentContextPath().build().toUri()));
    }

    private KeyView view(PartyKey key) {
        return new KeyView(key.partyId(), key.algorithm().name(), key.hasPrivateKey(), key.publicKey(),
                key.fingerprint(), dates.format(key.createdAt()), dates.format(key.updatedAt()));
    }
}

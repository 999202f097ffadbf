package io.hutong.fate.internal;

import io.hutong.core.SecretBox;
import io.hutong.fate.internal.AppStore.AppRow;
import io.hutong.fate.internal.PythonJson.Num;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * FATE's HMAC client authentication: app keys with their secrets, and the check of a request's
 * TIMESTAMP, NONCE, APP_KEY and SIGNATURE headers as FATE Flow's own client authentication does it.
 */
@Service
public class ClientApps {

    /** FATE accepts a TIMESTAMP less than this far from its clock. */
    static final Duration WINDOW = Duration.ofSeconds(60);
    private static final Pattern APP_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern SECRET = Pattern.compile("[!-~]{16,256}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AppStore store;
    private final SecretBox secrets;
    private final Clock clock;

    ClientApps(AppStore store, SecretBox secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    public record App(String appKey, String name, Instant createdAt) {
    }

    /** An app just created: the only time its secret is shown. */
    public record NewApp(App app, String appSecret) {
    }

    /** Creates an app; key and secret are generated when not given (give them to match a FATE client's settings). */
    public NewApp create(String appKey, String appSecret, String name) {
        String key = appKey == null || appKey.isBlank() ? "app_" + random(12) : appKey.strip();
        if (!APP_KEY.matcher(key).matches()) {
            throw ApiException.invalid("appKey", "pattern([A-Za-z0-9_.-]{1,128})");
        }
        String secret = appSecret == null || appSecret.isEmpty() ? random(32) : appSecret;
        if (!SECRET.matcher(secret).matches()) {
            throw ApiException.invalid("appSecret", "pattern(printable ASCII, 16 to 256 characters)");
        }
        Instant now = clock.instant();
        if (!store.insert(key, name, secrets.seal(secret.getBytes(StandardCharsets.US_ASCII), boundTo(key)), now)) {
            throw ApiException.invalid("appKey", "unique");
        }
        return new NewApp(new App(key, name, now), secret);
    }

    public List<App> list() {
        return store.all().stream().map(row -> new App(row.appKey(), row.name(), row.createdAt())).toList();
    }

    public void delete(String appKey) {
        if (!store.delete(appKey)) {
            throw ApiException.notFound("no app " + appKey);
        }
    }

    /**
     * Checks FATE Flow's client_authentication request: {full_path, headers, form, data, json}, where
     * headers may also come as a JSON string or as "Name: value" lines (the document's form).
     * A failure is an {@link ErrorKind#UNAUTHORIZED} naming the reason.
     */
    public void authenticate(Map<String, Object> request) {
        if (!(request.get("full_path") instanceof String fullPath) || fullPath.isEmpty()) {
            throw ApiException.invalid("full_path", "notBlank");
        }
        Map<String, String> headers = headers(request.get("headers"));
        List<String> missing = new ArrayList<>();
        for (String name : List.of("TIMESTAMP", "NONCE", "APP_KEY", "SIGNATURE")) {
            if (headers.getOrDefault(name, "").isEmpty()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw denied("headers " + String.join(", ", missing) + " are required");
        }
        Instant now = clock.instant();
        long timestamp;
        try {
            timestamp = Long.parseLong(headers.get("TIMESTAMP").strip());
        } catch (NumberFormatException e) {
            throw denied("TIMESTAMP must be Unix milliseconds");
        }
        if (Math.abs(now.toEpochMilli() - timestamp) >= WINDOW.toMillis()) {
            throw denied("TIMESTAMP is more than " + WINDOW.toSeconds() + " seconds away from the server time");
        }
        String appKey = headers.get("APP_KEY");
        AppRow app = store.find(appKey).orElseThrow(() -> denied("unknown APP_KEY " + appKey));
        byte[] secret = secrets.open(app.secretSealed(), boundTo(app.appKey()));
        String expected = hmac(secret, String.join("\n", headers.get("TIMESTAMP"), headers.get("NONCE"), appKey,
                stripTrailingQuestionMarks(fullPath), rawJsonBody(request), urlencodeSorted(request.get("form"))));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                headers.get("SIGNATURE").getBytes(StandardCharsets.UTF_8))) {
            throw denied("SIGNATURE does not match the request (HMAC-SHA1 with the secret of " + appKey + ")");
        }
        if (!store.firstUse(appKey, headers.get("NONCE"), now)) {
            throw denied("NONCE was already used: a request is accepted once");
        }
    }

    /** NONCEs outside the TIMESTAMP window can no longer be replayed, so they need not be kept. */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void forgetOldNonces() {
        store.forgetNoncesBefore(clock.instant().minus(WINDOW.multipliedBy(2)));
    }

    static String hmac(byte[] secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /** Python's {@code full_path.rstrip('?')}: Flask's full path ends with "?" when there is no query. */
    private static String stripTrailingQuestionMarks(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '?') {
            end--;
        }
        return path.substring(0, end);
    }

    /**
     * The raw JSON body FATE signs ({@code data if json else b''}). {@code data} when it came as text;
     * otherwise {@code json} written back the way the Python client serialised it.
     */
    private static String rawJsonBody(Map<String, Object> request) {
        Object json = request.get("json");
        Object data = request.get("data");
        if (!request.containsKey("json")) {
            return data instanceof String text ? text : "";
        }
        if (json == null || isEmptyContainer(json)) {
            return "";
        }
        return data instanceof String text && !text.isEmpty() ? text : PythonJson.dumps(json);
    }

    private static boolean isEmptyContainer(Object value) {
        return value instanceof Map<?, ?> map && map.isEmpty() || value instanceof List<?> list && list.isEmpty();
    }

    /** {@code urlencode(sorted(form.items()), quote_via=quote, safe='-._~')}; empty without form. */
    static String urlencodeSorted(Object form) {
        if (!(form instanceof Map<?, ?> map) || map.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        map.forEach((key, value) -> pairs.add(new String[] {String.valueOf(key), pyStr(firstOf(value))}));
        pairs.sort((a, b) -> compareCodePoints(a[0], b[0]));
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(quote(pair[0])).append('=').append(quote(pair[1]));
        }
        return out.toString();
    }

    /** A form field sent as a list (a multi-valued field) counts with its first value, as werkzeug's items(). */
    private static Object firstOf(Object value) {
        return value instanceof List<?> list ? (list.isEmpty() ? "" : list.get(0)) : value;
    }

    private static String pyStr(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean bool) {
            return bool ? "True" : "False";
        }
        if (value instanceof Num num) {
            return num.integral() ? new BigInteger(num.text()).toString() : PythonJson.dumps(num);
        }
        return value instanceof String text ? text : PythonJson.dumps(value);
    }

    /** Python sorts str by code point, not by UTF-16 unit. */
    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Python's {@code urllib.parse.quote(s, safe='-._~')}: UTF-8, RFC 3986 unreserved characters kept. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Header names compared as FATE sees them: case-insensitive, '-' and '_' alike (APP_KEY, App-Key). */
    private static Map<String, String> headers(Object value) {
        Map<String, String> headers = new HashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, v) -> headers.put(headerName(String.valueOf(name)), pyStr(firstOf(v))));
        } else if (value instanceof String text && !text.isBlank()) {
            Map<?, ?> parsed = jsonObject(text);
            if (parsed != null) {
                return headers(parsed);
            }
            for (String line : text.split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(headerName(line.substring(0, colon)), line.substring(colon + 1).strip());
                }
            }
        }
        return headers;
    }

    private static Map<?, ?> jsonObject(String text) {
        try {
            return PythonJson.parse(text.getBytes(StandardCharsets.UTF_8), "headers") instanceof Map<?, ?> map ? map : null;
        } catch (ApiException notJson) {
            return null;
        }
    }

    private static String headerName(String name) {
        return name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static ApiException denied(String reason) {
        return new ApiException(ErrorKind.UNAUTHORIZED, "client authentication failed: " + reason);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String boundTo(String appKey) {
        return "fate_app:" + appKey;
    }
}

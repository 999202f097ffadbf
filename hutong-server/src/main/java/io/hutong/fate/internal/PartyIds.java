package io.hutong.fate.internal;

import io.hutong.fate.internal.PythonJson.Num;
import io.hutong.web.ApiException;
import java.math.BigInteger;
import java.util.regex.Pattern;

/** FATE party ids: numbers in FATE (9999), sent as JSON numbers or strings; kept as their text. */
public final class PartyIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private PartyIds() {
    }

    /** The party id of a JSON value (a string or an integer); null for null, a parameter error otherwise. */
    public static String of(String field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text.strip();
        }
        if (value instanceof Num num && num.integral()) {
            return new BigInteger(num.text()).toString();
        }
        throw ApiException.invalid(field, "type(string|integer)");
    }

    /** A party id an operator or a request names: letters, digits, '_', '.', '-', at most 64. */
    public static String check(String field, String partyId) {
        if (partyId == null || partyId.isBlank()) {
            throw ApiException.invalid(field, "notBlank");
        }
        String id = partyId.strip();
        if (!VALID.matcher(id).matches()) {
            throw ApiException.invalid(field, "pattern([A-Za-z0-9_.-]{1,64})");
        }
        return id;
    }
}

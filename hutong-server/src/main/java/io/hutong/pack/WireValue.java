package io.hutong.pack;

import io.hutong.web.ApiException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A value the INFINITE document writes with a prefix, e.g. {@code status.free}; its examples use other prefixes too. */
interface WireValue {

    /** The stored form, e.g. {@code free}. */
    String code();

    /** The printed form, e.g. {@code status.free}. */
    String wire();

    /** Reads the printed form, any of the document's other prefixes, or the bare code. */
    static <E extends Enum<E> & WireValue> E parse(Class<E> type, String field, String text, String... prefixes) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        for (String prefix : prefixes) {
            if (value.startsWith(prefix + ".")) {
                value = value.substring(prefix.length() + 1);
                break;
            }
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.code().equals(value)) {
                return constant;
            }
        }
        throw ApiException.invalid(field, "oneOf(" + Arrays.stream(type.getEnumConstants()).map(WireValue::wire)
                .collect(Collectors.joining(",")) + ")");
    }
}

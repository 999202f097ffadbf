package io.hutong.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of {@code x-mprac-token-set}: {@code <resource URN>/<level>/<token>}; the header
 * joins elements with commas. URN and level may hold neither {@code /} nor {@code ,} (a token
 * never does).
 */
public record TokenTriple(String urn, String level, String token) {

    public TokenTriple {
        checkPart("urn", urn);
        checkPart("level", level);
        checkPart("token", token);
    }

    static void checkPart(String name, String value) {
        if (value == null || value.isBlank() || value.contains("/") || value.contains(",") || !value.strip()
                .equals(value)) {
            throw new IllegalArgumentException(name + ": not blank, without '/', ',' or surrounding spaces");
        }
    }

    @Override
    public String toString() {
        return urn + "/" + level + "/" + token;
    }

    /** The triples of a header value; empty for null or blank. */
    public static List<TokenTriple> parseSet(String header) {
        List<TokenTriple> triples = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return triples;
        }
        for (String element : header.split(",")) {
            String[] parts = element.strip().split("/", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("x-mprac-token-set: each element is URN/level/token");
            }
            triples.add(new TokenTriple(parts[0], parts[1], parts[2]));
        }
        return triples;
    }

    public static String formatSet(List<TokenTriple> triples) {
        return String.join(",", triples.stream().map(TokenTriple::toString).toList());
    }
}

package io.hutong.fate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.web.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors printed by CPython 3.11's {@code json.dumps(json.loads(input))}. */
class PythonJsonTest {

    private static String roundTrip(String json) {
        return PythonJson.dumps(PythonJson.parse(json.getBytes(StandardCharsets.UTF_8), "body"));
    }

    @Test
    void keepsKeyOrderAndUsesPythonSeparators() {
        assertThat(roundTrip("{\"b\":1,\"a\":[1,2.5,\"x\"]}")).isEqualTo("{\"b\": 1, \"a\": [1, 2.5, \"x\"]}");
        assertThat(roundTrip("{\"z\":{\"y\":[],\"x\":{}},\"a\":null,\"t\":true,\"f\":false}"))
                .isEqualTo("{\"z\": {\"y\": [], \"x\": {}}, \"a\": null, \"t\": true, \"f\": false}");
    }

    @Test
    void aRepeatedKeyKeepsItsFirstPlaceAndLastValueLikeADict() {
        assertThat(roundTrip("{\"a\":1,\"b\":2,\"a\":3}")).isEqualTo("{\"a\": 3, \"b\": 2}");
    }

    @Test
    void noBodyIsNull() {
        assertThat(PythonJson.dumps(null)).isEqualTo("null");
        assertThat(roundTrip(" null ")).isEqualTo("null");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0.1|0.1",
            "1e-05|1e-05",
            "0.00001|1e-05",
            "2.5e-5|2.5e-05",
            "0.0001|0.0001",
            "1e-4|0.0001",
            "0.001|0.001",
            "1e16|1e+16",
            "1E+16|1e+16",
            "1e15|1000000000000000.0",
            "123456789012345.0|123456789012345.0",
            "-0.0|-0.0",
            "1.5e300|1.5e+300",
            "1.0|1.0",
            "1e2|100.0",
            "4.35|4.35",
            "0.30000000000000004|0.30000000000000004",
            "5e-324|5e-324",
            "2e-323|2e-323",
            "1.7976931348623157e308|1.7976931348623157e+308",
            "1e22|1e+22",
            "1e23|1e+23",
            "9.999999999999999e22|1e+23",
            "1e400|Infinity",
            "-1e400|-Infinity",
            "NaN|NaN",
            "-Infinity|-Infinity",
            "100|100",
            "-0|0",
            "9007199254740993|9007199254740993",
            "123456789012345678901234567890|123456789012345678901234567890",
            "-123456789012345678901234567890|-123456789012345678901234567890"})
    void printsNumbersAsPythonsIntAndFloatRepr(String json, String python) {
        assertThat(roundTrip("[" + json + "]")).isEqualTo("[" + python + "]");
    }

    @Test
    void escapesEverythingOutsidePrintableAsciiWithLowerCaseHex() {
        assertThat(roundTrip("[\"中文\", \"😀\", \"é\", \"\\u007f\", \"\\u0001\", \"/\", \"\\ud800\"]"))
                .isEqualTo("[\"\\u4e2d\\u6587\", \"\\ud83d\\ude00\", \"\\u00e9\", \"\\u007f\", \"\\u0001\", \"/\", \"\\ud800\"]");
        assertThat(roundTrip("\"a\\\"b\\\\c\\n\\t\\r\\b\\f\"")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\r\\b\\f\"");
    }

    @Test
    void escapesKeysToo() {
        assertThat(roundTrip("{\"键\": {\"ü\": [1, {\"k\": -2.50}]}}"))
                .isEqualTo("{\"\\u952e\": {\"\\u00fc\": [1, {\"k\": -2.5}]}}");
    }

    @Test
    void malformedJsonIsAParameterError() {
        assertThatThrownBy(() -> PythonJson.parse("{\"a\":".getBytes(StandardCharsets.UTF_8), "body"))
                .isInstanceOf(ApiException.class).hasMessage("request params[body] json.");
        assertThatThrownBy(() -> PythonJson.parse("{} {}".getBytes(StandardCharsets.UTF_8), "body"))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> PythonJson.parse(new byte[0], "body")).isInstanceOf(ApiException.class);
    }

    @Test
    void signedBytesAreAscii() {
        assertThat(PythonJson.dumpsBytes(PythonJson.parse("{\"名\":\"值\"}".getBytes(StandardCharsets.UTF_8), "body")))
                .isEqualTo("{\"\\u540d\": \"\\u503c\"}".getBytes(StandardCharsets.US_ASCII));
    }
}

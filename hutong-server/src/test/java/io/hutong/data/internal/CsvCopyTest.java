package io.hutong.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.web.ApiException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvCopyTest {

    @Test
    void storesLinesAsContainersReadThem() throws IOException {
        String body = "\uFEFFid,名字\r\n1,北京\r\n\r\n\n2,\"x\"\n3,a\rb\r\n4,";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvCopy.Result result = CsvCopy.copy(stream(body), out, List.of(), Long.MAX_VALUE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("id,名字\n1,北京\n2,\"x\"\n3,a\rb\n4,\n");
        assertThat(result.columns()).containsExactly("id", "名字");
        assertThat(result.rows()).isEqualTo(4);
    }

    @Test
    void readingOneByteAtATimeStoresTheSame() throws IOException {
        String body = "\uFEFFid,x\r\n1,a\r\n\r\n2,b\rc\r\n3,d\r";
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        CsvCopy.copy(stream(body), whole, List.of(), Long.MAX_VALUE);
        ByteArrayOutputStream bytewise = new ByteArrayOutputStream();
        CsvCopy.Result result = CsvCopy.copy(oneByteAtATime(body), bytewise, List.of(), Long.MAX_VALUE);
        assertThat(bytewise.toString(StandardCharsets.UTF_8)).isEqualTo(whole.toString(StandardCharsets.UTF_8))
                .isEqualTo("id,x\n1,a\n2,b\rc\n3,d\n");
        assertThat(result.rows()).isEqualTo(3);
    }

    @Test
    void aHeaderAloneIsAnEmptySet() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvCopy.Result result = CsvCopy.copy(stream("uid,score"), out, List.of("uid"), Long.MAX_VALUE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("uid,score\n");
        assertThat(result.rows()).isZero();
    }

    @Test
    void refusalsNameTheLine() {
        assertRefused("", "body", "header(line 1: missing; the first line names the columns)");
        assertRefused("\r\nid\n", "body", "header(line 1: missing; the first line names the columns)");
        assertRefused("id, \n1,2\n", "body", "header(line 1: column 2 has no name)");
        assertRefused("a,b,a\n", "body", "header(line 1: column 3 repeats \"a\")");
        assertRefused("id,x\n1,a\n2,b,c\n", "body", "columns(line 3: 3 values, the header has 2)");
        assertRefused("id,x\n1,a\n\n\n2\n", "body", "columns(line 5: 1 values, the header has 2)");
        assertRefused("id,x\n1,a\n,b\n", "body", "idNotEmpty(line 3: column \"id\" is empty)");
        assertRefused("id,x\r\n1,a\r\n,", "body", "idNotEmpty(line 3: column \"id\" is empty)");
        assertThatThrownBy(() -> CsvCopy.copy(stream("id,x\n1,\n"), new ByteArrayOutputStream(), List.of("id", "x"),
                Long.MAX_VALUE)).isInstanceOf(ApiException.class)
                .hasMessage("request params[body] idNotEmpty(line 2: column \"x\" is empty).");
        assertThatThrownBy(() -> CsvCopy.copy(stream("id,x\n"), new ByteArrayOutputStream(), List.of("uid"),
                Long.MAX_VALUE)).hasMessage("request params[idColumns] oneOf(id,x).");
    }

    @Test
    void aHeaderMustBeShortAndUtf8() {
        byte[] latin1 = "id,caf\u00e9\n1,2\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> CsvCopy.copy(new ByteArrayInputStream(latin1), new ByteArrayOutputStream(), List.of(),
                Long.MAX_VALUE)).hasMessage("request params[body] header(line 1: not UTF-8).");
        String longHeader = "c".repeat(CsvCopy.MAX_HEADER_BYTES + 1) + "\n";
        assertThatThrownBy(() -> CsvCopy.copy(stream(longHeader), new ByteArrayOutputStream(), List.of(),
                Long.MAX_VALUE)).hasMessage("request params[body] header(line 1: longer than "
                + CsvCopy.MAX_HEADER_BYTES + " bytes).");
    }

    @Test
    void theSizeLimitCountsTheBodysBytes() throws IOException {
        String body = "id\n1\n2\n";
        int length = body.length();
        assertThat(CsvCopy.copy(stream(body), new ByteArrayOutputStream(), List.of(), length).rows()).isEqualTo(2);
        assertThatThrownBy(() -> CsvCopy.copy(stream(body), new ByteArrayOutputStream(), List.of(), length - 1))
                .hasMessage("request params[body] maxSize(" + (length - 1) + ").");
    }

    @Test
    void theShapeOfAStoredFile() throws IOException {
        assertThat(CsvCopy.shape(stream("\uFEFFid,x\r\n1,2\n"))).isEqualTo(new CsvCopy.Shape(List.of("id", "x"), 1));
        assertThat(CsvCopy.shape(stream("id\n1\n\n\r\n2"))).as("blank lines are none, a last one without \\n is")
                .isEqualTo(new CsvCopy.Shape(List.of("id"), 2));
        assertThat(CsvCopy.shape(stream("only"))).isEqualTo(new CsvCopy.Shape(List.of("only"), 0));
        assertThat(CsvCopy.shape(stream(""))).isEqualTo(new CsvCopy.Shape(List.of(), 0));
    }

    private static void assertRefused(String body, String field, String rule) {
        assertThatThrownBy(() -> CsvCopy.copy(stream(body), new ByteArrayOutputStream(), List.of(), Long.MAX_VALUE))
                .as(body).isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.violations()).containsExactly(Map.entry(field, List.of(rule))));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream oneByteAtATime(String text) {
        return new FilterInputStream(stream(text)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(1, length));
            }
        };
    }
}

package io.hutong.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.web.ApiException;
import io.hutong.web.TextLimit;
import io.hutong.web.TextRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** The text rules as Jackson applies them to what a request sends, at any depth, and only there. */
class TextPolicyModuleTest {

    record Job(String job_id, List<String> tags, Map<String, String> labels, JsonNode dag,
            @TextLimit(4096) String certificate, @TextLimit(8) List<String> codes, Inner inner) {
    }

    record Inner(String name) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().addModule(new TextPolicyModule()).build();
    private static final ObjectReader REQUEST = JSON.readerFor(Job.class).withAttribute(TextPolicyModule.ENFORCED, true);

    private static String field(String json) {
        try {
            REQUEST.readValue(json);
        } catch (TextPolicyModule.TextRefused refused) {
            ApiException api = refused.toApi();
            return api.violations().keySet().iterator().next() + " " + api.violations().values().iterator().next();
        }
        throw new AssertionError("accepted: " + json);
    }

    private static String longer(int length) {
        return "\"" + "a".repeat(length + 1) + "\"";
    }

    @Test
    void aNulAnywhereIsRefusedNamingItsField() {
        assertThat(field("{\"job_id\": \"job-\\u0000\"}")).isEqualTo("job_id [noNul]");
        assertThat(field("{\"tags\": [\"ok\", \"\\u0000\"]}")).isEqualTo("tags[1] [noNul]");
        assertThat(field("{\"labels\": {\"k\": \"v\\u0000\"}}")).isEqualTo("labels.k [noNul]");
        assertThat(field("{\"labels\": {\"k\\u0000\": \"v\"}}")).as("a key is named by its map").isEqualTo("labels [noNul]");
        assertThat(field("{\"inner\": {\"name\": \"\\u0000\"}}")).isEqualTo("inner.name [noNul]");
        assertThat(field("{\"dag\": {\"components\": [{\"name\": \"a\"}, {\"name\": \"\\u0000\"}]}}"))
                .isEqualTo("dag.components[1].name [noNul]");
        assertThat(field("{\"dag\": {\"a\\u0000\": 1}}")).isEqualTo("dag.a\u0000 [noNul]");
    }

    @Test
    void aStringOverItsLimitIsRefusedNamingTheLimit() {
        int limit = TextRules.DEFAULT_LIMIT;
        assertThat(field("{\"job_id\": " + longer(limit) + "}")).isEqualTo("job_id [maxLength(" + limit + ")]");
        assertThat(field("{\"dag\": {\"x\": [" + longer(limit) + "]}}")).isEqualTo("dag.x[0] [maxLength(" + limit + ")]");
        assertThat(field("{\"certificate\": " + longer(4096) + "}")).isEqualTo("certificate [maxLength(4096)]");
        assertThat(field("{\"codes\": [\"12345678\", \"123456789\"]}")).isEqualTo("codes[1] [maxLength(8)]");
    }

    @Test
    void whatIsWithinTheRulesIsReadAsItCame() throws Exception {
        String certificate = "c".repeat(4096);
        Job job = REQUEST.readValue("{\"job_id\": \"job-1\", \"tags\": [\"中文😀\"], \"certificate\": \"" + certificate
                + "\", \"dag\": {\"n\": \"" + "d".repeat(TextRules.DEFAULT_LIMIT) + "\"}, \"inner\": null}");
        assertThat(job.job_id()).isEqualTo("job-1");
        assertThat(job.tags()).containsExactly("中文😀");
        assertThat(job.certificate()).isEqualTo(certificate);
        assertThat(job.dag().path("n").asString()).hasSize(TextRules.DEFAULT_LIMIT);
        assertThat(job.inner()).isNull();
    }

    @Test
    void whatTheNodeReadsBackFromElsewhereIsNotHeldToTheRules() throws Exception {
        Job stored = JSON.readValue("{\"job_id\": \"" + "s".repeat(10_000) + "\", \"dag\": {\"x\": \"\\u0000\"}}", Job.class);
        assertThat(stored.job_id()).hasSize(10_000);
        assertThat(stored.dag().path("x").asString()).isEqualTo("\u0000");
    }

    @Test
    void aTypeMismatchIsStillJacksonsOwnFailure() {
        assertThatThrownBy(() -> REQUEST.readValue("{\"job_id\": {\"an\": \"object\"}}"))
                .isNotInstanceOf(TextPolicyModule.TextRefused.class);
    }
}

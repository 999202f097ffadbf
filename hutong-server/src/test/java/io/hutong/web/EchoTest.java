package io.hutong.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void aLongValueInAMessageIsCutToItsPrefix() {
        String id = "x".repeat(1_000_000);
        assertThat(Echo.cut("no job " + id + " here")).isEqualTo("no job " + "x".repeat(Echo.PREFIX) + "… here");
    }

    @Test
    void shortWordsAndValuesStayAsTheyAre() {
        String message = "no job job-" + "a".repeat(32) + " (trace id " + "f".repeat(32) + ")";
        assertThat(Echo.cut(message)).isEqualTo(message);
        assertThat(Echo.cut("x".repeat(Echo.PREFIX))).isEqualTo("x".repeat(Echo.PREFIX));
    }

    @Test
    void aListOfNamesInARuleIsNotAValue() {
        String rule = "oneOf(usageRecordId,logId,packId,trainName,trainId,userName,duration,createTime,startTime)";
        assertThat(Echo.cut("request params[order[0].key] " + rule + ".")).endsWith(rule + ".");
    }

    @Test
    void aLongMessageOfShortWordsIsCutAsAWhole() {
        String cut = Echo.cut("ab ".repeat(1000));
        assertThat(cut).hasSize(Echo.MESSAGE + 1).endsWith("…");
    }

    @Test
    void fieldNamesAndRulesOfAParameterFailureAreCutToo() {
        String field = "k".repeat(500);
        Map<String, List<String>> cut = Echo.cut(Map.of(field, List.of("maxLength(1024)")));
        assertThat(cut).containsOnlyKeys("k".repeat(Echo.PREFIX) + "…");
        assertThat(cut.values()).containsExactly(List.of("maxLength(1024)"));
    }

    @Test
    void everyFamilyCutsWhatItReports() {
        Object body = EnvelopeFamily.BFIA.error(ErrorKind.NOT_FOUND, "no job " + "y".repeat(5000), Map.of(), "t");
        assertThat(((BfiaResponse<?>) body).msg()).isEqualTo("no job " + "y".repeat(Echo.PREFIX) + "…");
    }
}

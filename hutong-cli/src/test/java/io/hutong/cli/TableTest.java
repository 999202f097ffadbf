package io.hutong.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TableTest {

    private static String print(Table table) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void columnsLineUpAsATerminalShowsThemWithWideCharactersTakingTwo() {
        Table table = Table.of("ID", "NAME", "STATUS").row("1", "A100 月包", "status.free").row("22", "T4", "x");
        assertThat(print(table)).isEqualTo("""
                ID  NAME       STATUS
                1   A100 月包  status.free
                22  T4         x
                """);
    }

    @Test
    void missingCellsAndNullsPrintAsNothingWithoutTrailingSpaces() {
        Table table = Table.of("JOB_ID", "STATUS", "RESULT").row("job-1", "RUNNING").row("job-22", null, "SUCCESS");
        assertThat(print(table)).isEqualTo("""
                JOB_ID  STATUS   RESULT
                job-1   RUNNING
                job-22           SUCCESS
                """);
    }

    @Test
    void aListOfObjectsOfUnknownShapeShowsTheirScalarFieldsAndListsOfScalars() {
        JsonMapper json = JsonMapper.builder().build();
        Table table = Table.of(json.readTree("""
                [{"name": "a", "rows": 2, "columns": ["id", "x"], "owner": {"id": 1}},
                 {"name": "b", "size": null, "extra": true}]"""));
        assertThat(print(table)).isEqualTo("""
                NAME  ROWS  COLUMNS  SIZE  EXTRA
                a     2     id,x
                b                          true
                """);
    }

    @Test
    void aCellKeepsToItsLine() {
        assertThat(print(Table.of("DETAIL").row("two\nlines"))).isEqualTo("DETAIL\ntwo lines\n");
    }
}

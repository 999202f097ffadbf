package io.hutong.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.web.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetIdTest {

    @Test
    void safeNamesAreFileNamesThatStayInTheirDirectory() {
        for (String good : List.of("space", "guest_ids", "job-abc-guest-0", "task_x-train_data", "a.csv", "a..b", "-x",
                "x".repeat(255))) {
            assertThat(DatasetId.of("ns", good).name()).isEqualTo(good);
        }
        for (String bad : List.of("", ".", "..", ".hidden", "a/b", "../etc", "/etc", "a\\b", "C:", "a b", "名字", "a#b",
                "%2e%2e", "x".repeat(256))) {
            assertThatThrownBy(() -> DatasetId.of(bad, bad)).as(bad).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.violations()).isEqualTo(Map.of("namespace", List.of(DatasetId.RULE),
                            "name", List.of(DatasetId.RULE))));
            assertThatThrownBy(() -> new DatasetId("ns", bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aJobsDatasetIdIsNamespaceHashName() {
        assertThat(DatasetId.parse("dataset_id", "space#guest_ids")).isEqualTo(new DatasetId("space", "guest_ids"));
        assertThat(new DatasetId("space", "guest_ids")).hasToString("space#guest_ids");
        for (String bad : List.of("guest_ids", "#x", "x#", "a#b#c", "../x#y", "x#..")) {
            assertThatThrownBy(() -> DatasetId.parse("dataset_id", bad)).as(bad)
                    .hasMessage("request params[dataset_id] namespace#name, each " + DatasetId.RULE + ".");
        }
    }
}

package io.hutong.components.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a dataset's rows become items: SecretFlow's naive split, the key fields stripped and joined. */
class DatasetTest {

    @TempDir
    Path directory;

    @Test
    void anItemIsTheKeyFieldsStrippedAndJoinedInTheParametersOrder() throws IOException {
        Dataset dataset = dataset("name , id,phone\r\n ann ,\t7 , 555 \r\n\nbob,8,\r\n", List.of("phone", "id"));

        assertThat(items(dataset)).containsExactly("555,7", ",8");
        assertThat(dataset.count()).isEqualTo(2);
    }

    @Test
    void theFirstColumnIsTheKeyWhenNoneIsNamedAndABomIsNoPartOfIt() throws IOException {
        Dataset dataset = dataset("\uFEFFid,x\n张三,1\n", List.of());

        assertThat(dataset.keyColumns()).containsExactly("id");
        assertThat(items(dataset)).containsExactly("张三");
    }

    @Test
    void theOutputKeepsTheHeaderAndTheSelectedLinesAsTheyAre() throws IOException {
        Dataset dataset = dataset("id,x\r\na, 1\n\nb,2\nc,3", List.of());
        BitSet rows = new BitSet();
        rows.set(0);
        rows.set(2);
        Path out = directory.resolve("out");

        dataset.copyRows(rows, out);

        assertThat(Files.readString(out)).isEqualTo("id,x\na, 1\nc,3\n");
    }

    @Test
    void anEmptyFileHasNoHeader() throws IOException {
        assertThatThrownBy(() -> dataset("", List.of())).isInstanceOf(ComponentFailure.class)
                .hasMessage("input train_data: dataset ns/data is empty; its first line must name the columns");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> Dataset.open(directory.resolve("nope"), "ns/nope", List.of()))
                .isInstanceOf(ComponentFailure.class).hasMessageContaining("dataset ns/nope does not exist");
    }

    @Test
    void aShortRowIsRefusedWithItsLineNumber() throws IOException {
        Dataset dataset = dataset("a,b,c\n1,2,3\n\n4,5\n", List.of("c", "a"));

        assertThatThrownBy(dataset::count).isInstanceOf(ComponentFailure.class)
                .hasMessage("input train_data: line 4 of dataset ns/data has 2 fields; key column 'c' is field 3");
    }

    private Dataset dataset(String content, List<String> keys) throws IOException {
        Path file = directory.resolve("data");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return Dataset.open(file, "ns/data", keys);
    }

    private static List<String> items(Dataset dataset) {
        List<String> items = new ArrayList<>();
        try (Dataset.Rows rows = dataset.rows()) {
            while (rows.next()) {
                items.add(new String(rows.item(), StandardCharsets.UTF_8));
            }
        }
        return items;
    }
}

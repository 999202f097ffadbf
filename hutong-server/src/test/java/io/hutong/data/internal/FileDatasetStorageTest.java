package io.hutong.data.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.core.NodeProperties;
import io.hutong.data.DatasetId;
import io.hutong.data.internal.DatasetStorage.Change;
import io.hutong.data.internal.DatasetStorage.Content;
import io.hutong.data.internal.DatasetStorage.Staged;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class FileDatasetStorageTest {

    private static final DatasetId ID = new DatasetId("space", "ids");

    @TempDir
    Path root;

    @Test
    void theRootDefaultsToStorageInTheDataDirAndIsTheContainersUri() throws IOException {
        FileDatasetStorage storage = new FileDatasetStorage(new DataProperties(null, DataSize.ofGigabytes(1)),
                new NodeProperties(new NodeProperties.Node("n", null), root, null, null));
        assertThat(storage.uri()).isEqualTo("file://" + root.toAbsolutePath().resolve("storage"));
        assertThat(root.resolve("storage/.incoming")).isDirectory();
    }

    @Test
    void aPublicationIsKeptOrUndone() throws IOException {
        FileDatasetStorage storage = storage();
        publish(storage, "v1\n").keep();
        assertThat(Files.readString(root.resolve("space/ids"))).isEqualTo("v1\n");

        publish(storage, "v2\n").undo();
        assertThat(Files.readString(root.resolve("space/ids"))).as("the replaced content is back").isEqualTo("v1\n");
        publish(storage, "v3\n").keep();
        assertThat(Files.readString(root.resolve("space/ids"))).isEqualTo("v3\n");
        assertThat(root.resolve(".replaced")).isEmptyDirectory();
        assertThat(root.resolve(".incoming")).isEmptyDirectory();

        DatasetId other = new DatasetId("space", "new");
        try (Staged staged = storage.stage()) {
            staged.output().write("x\n".getBytes(StandardCharsets.UTF_8));
            staged.finish();
            storage.publish(staged, other).undo();
        }
        assertThat(root.resolve("space/new")).as("nothing was there before").doesNotExist();
    }

    @Test
    void aDeletionIsKeptOrUndone() throws IOException {
        FileDatasetStorage storage = storage();
        publish(storage, "v1\n").keep();
        storage.delete(ID).undo();
        try (Content content = open(storage)) {
            assertThat(content.size()).isEqualTo(3);
            assertThat(new String(content.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("v1\n");
        }
        storage.delete(ID).keep();
        assertThat(root.resolve("space/ids")).doesNotExist();
        assertThat(root.resolve(".replaced")).isEmptyDirectory();
        storage.delete(ID).keep();
    }

    @Test
    void aStagedContentClosedUnpublishedIsGone() throws IOException {
        FileDatasetStorage storage = storage();
        try (Staged staged = storage.stage()) {
            staged.output().write("partial".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(root.resolve(".incoming")).isEmptyDirectory();
    }

    @Test
    void leftoversOfACrashAreRemovedAtStartButFreshOnesAreNot() throws IOException {
        storage();
        Path old = Files.writeString(root.resolve(".incoming/old.csv"), "x");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        Path fresh = Files.writeString(root.resolve(".replaced/fresh"), "x");
        storage();
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
    }

    private FileDatasetStorage storage() throws IOException {
        return new FileDatasetStorage(new DataProperties(root, DataSize.ofGigabytes(1)),
                new NodeProperties(null, root.resolve("unused"), null, null));
    }

    private static Change publish(FileDatasetStorage storage, String content) throws IOException {
        try (Staged staged = storage.stage()) {
            staged.output().write(content.getBytes(StandardCharsets.UTF_8));
            assertThat(staged.finish()).isEqualTo(content.length());
            return storage.publish(staged, ID);
        }
    }

    private static Content open(FileDatasetStorage storage) throws IOException {
        return storage.open(ID);
    }
}

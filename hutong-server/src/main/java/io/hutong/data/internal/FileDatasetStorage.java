package io.hutong.data.internal;

import io.hutong.core.NodeProperties;
import io.hutong.data.DatasetId;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Datasets as files {@code <root>/<namespace>/<name>}, as SecretFlow's, Kuscia's and Hutong's
 * containers read them from a {@code file://} storage. Loads are staged in {@code <root>/.incoming}
 * and renamed into place; a replaced or deleted file is kept as a hard link in {@code <root>/.replaced}
 * until the change is kept or undone. No namespace can start with {@code .}, so neither directory is
 * ever a dataset's.
 */
@Component
class FileDatasetStorage implements DatasetStorage {

    private static final Logger log = LoggerFactory.getLogger(FileDatasetStorage.class);
    /** Staged or replaced files untouched this long are a crashed process's leftovers. */
    private static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    private static final Change NOTHING = new Change() {
        @Override
        public void keep() {
        }

        @Override
        public void undo() {
        }
    };

    private final Path root;
    private final Path incoming;
    private final Path replaced;
    private final String uri;

    FileDatasetStorage(DataProperties properties, NodeProperties node) throws IOException {
        root = (properties.root() != null ? properties.root() : node.dataDir().resolve("storage"))
                .toAbsolutePath().normalize();
        incoming = Files.createDirectories(root.resolve(".incoming"));
        replaced = Files.createDirectories(root.resolve(".replaced"));
        String path = root.toUri().getRawPath();
        uri = "file://" + (path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        removeLeftovers(incoming);
        removeLeftovers(replaced);
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public Staged stage() throws IOException {
        return new StagedFile(incoming.resolve(UUID.randomUUID() + ".csv"));
    }

    @Override
    public Change publish(Staged staged, DatasetId id) throws IOException {
        StagedFile file = (StagedFile) staged;
        Path target = path(id);
        Files.createDirectories(target.getParent());
        Path backup = null;
        if (Files.exists(target)) {
            backup = linkAside(target);
        }
        try {
            // one rename: readers see the old file or the new one, never neither
            Files.move(file.path, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (backup != null) {
                Files.deleteIfExists(backup);
            }
            throw e;
        }
        file.published = true;
        return new Undoable(target, backup);
    }

    @Override
    public Change delete(DatasetId id) throws IOException {
        Path target = path(id);
        if (!Files.exists(target)) {
            return NOTHING;
        }
        Path backup = linkAside(target);
        Files.delete(target);
        return new Undoable(target, backup);
    }

    @Override
    public Content open(DatasetId id) throws IOException {
        FileChannel channel = FileChannel.open(path(id), StandardOpenOption.READ);
        try {
            return new Content(Channels.newInputStream(channel), channel.size());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Links the file under a new name in {@code .replaced}, touched so that no leftover sweep takes it
     * for a crashed process's before the change is kept or undone.
     */
    private Path linkAside(Path target) throws IOException {
        Path backup = replaced.resolve(UUID.randomUUID().toString());
        Files.createLink(backup, target);
        Files.setLastModifiedTime(backup, FileTime.from(Instant.now()));
        return backup;
    }

    /** Safe because both parts of an id are plain file names (see {@link DatasetId}). */
    private Path path(DatasetId id) {
        return root.resolve(id.namespace()).resolve(id.name());
    }

    private static void removeLeftovers(Path directory) throws IOException {
        // file times come from the file system's clock, so they are compared with that, not the node's Clock
        FileTime before = FileTime.from(Instant.now().minus(LEFTOVER_AGE));
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> quietly("remove the leftover " + file, () -> {
                if (Files.getLastModifiedTime(file).compareTo(before) < 0) {
                    Files.deleteIfExists(file);
                }
            }));
        }
    }

    /** The change of one file: {@code backup} holds what was there before, null when nothing was. */
    private record Undoable(Path target, Path backup) implements Change {

        @Override
        public void keep() {
            if (backup != null) {
                quietly("remove the replaced copy " + backup, () -> Files.deleteIfExists(backup));
            }
        }

        @Override
        public void undo() {
            quietly("put back " + target, () -> {
                if (backup != null) {
                    Files.move(backup, target, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.deleteIfExists(target);
                }
            });
        }
    }

    private interface FileAction {
        void run() throws IOException;
    }

    /** For clean-ups that must not fail what came before them (a committed load): a failure is logged. */
    private static void quietly(String what, FileAction action) {
        try {
            action.run();
        } catch (IOException e) {
            log.warn("Could not {}: {}", what, e.toString());
        }
    }

    private static final class StagedFile implements Staged {

        private final Path path;
        private final FileChannel channel;
        private final OutputStream output;
        private boolean published;

        StagedFile(Path path) throws IOException {
            this.path = path;
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.output = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public long finish() throws IOException {
            output.flush();
            channel.force(true);
            long size = channel.size();
            output.close();
            return size;
        }

        @Override
        public void close() throws IOException {
            if (!published) {
                try {
                    output.close();
                } finally {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}

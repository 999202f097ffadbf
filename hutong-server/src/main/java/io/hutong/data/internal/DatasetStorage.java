package io.hutong.data.internal;

import io.hutong.data.DatasetId;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where dataset contents are kept, so that storage other than local files (S3-compatible) can
 * follow. New content is staged first and published under its id in one step. A publication or a
 * deletion can be undone until it is kept, so that it follows the transaction recording it.
 */
public interface DatasetStorage {

    /** The {@code system.storage} value containers get to find the datasets. */
    String uri();

    /** A new, empty staged content. */
    Staged stage() throws IOException;

    /** Makes the staged content the dataset's, replacing what was stored there. */
    Change publish(Staged staged, DatasetId id) throws IOException;

    /** Takes the stored content away, if any. */
    Change delete(DatasetId id) throws IOException;

    /** The stored content; {@link java.nio.file.NoSuchFileException} when there is none. */
    Content open(DatasetId id) throws IOException;

    /** A stored content and its size in bytes, read from the same version of it. */
    record Content(InputStream stream, long size) implements Closeable {

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /** Content being written; closing it before it is published discards it. */
    interface Staged extends Closeable {

        OutputStream output();

        /** Writes everything out durably; nothing more is written after. Returns the size in bytes. */
        long finish() throws IOException;
    }

    /** A change that can still be taken back: exactly one of the two is called. */
    interface Change {

        /** Lets what was replaced or deleted go. */
        void keep();

        /** Puts back what was stored before (or nothing). */
        void undo();
    }
}

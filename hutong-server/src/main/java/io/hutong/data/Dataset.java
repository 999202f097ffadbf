package io.hutong.data;

import java.time.Instant;
import java.util.List;

/**
 * A dataset stored at this node.
 *
 * @param ownerId the user it belongs to; null for the node's own datasets (loaded by an admin, or
 *     written by a job that an admin or no user of this node created), which every user may read
 * @param ownerName that user's name, null with {@code ownerId}
 * @param columns the header line's column names
 * @param rows data lines after the header
 * @param size bytes of the stored file
 * @param jobOutput the job output it is, null for a dataset a user loaded
 */
public record Dataset(DatasetId id, Long ownerId, String ownerName, List<String> columns, long rows, long size,
        Instant createdAt, JobOutput jobOutput) {

    public Dataset {
        columns = List.copyOf(columns);
    }
}

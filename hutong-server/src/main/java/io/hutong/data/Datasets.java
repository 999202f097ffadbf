package io.hutong.data;

import java.util.List;
import java.util.Optional;

/** What other features may do with the datasets of this node. */
public interface Datasets {

    /** The {@code system.storage} value every container of this node gets. */
    String systemStorage();

    /**
     * Where a component reads a stored dataset, or empty when this node holds none by that id or the
     * user may not read it.
     *
     * @param userId the user a job runs for at this node (who may read their own datasets and the
     *     node's; an admin every one); null for a job no user of this node created, which may read any
     *     dataset of the node (admitting such jobs is the approval's business)
     */
    Optional<DatasetLocation> locate(DatasetId id, Long userId);

    /**
     * Records the file a job's component wrote at {@code dataset} (its columns from the header line,
     * its size from storage), so that it is listed and downloadable like a loaded dataset. Recording
     * the same output again updates it. A location that held another dataset now holds the job's
     * output, so its record is replaced. The record joins the caller's transaction when there is one.
     *
     * @param creatorUserId the user of this node who created the job, who owns the output (an admin's
     *     job's outputs are the node's); null for a job started by another node
     * @return the recorded dataset, or empty when the component wrote no file there (a party that
     *     does not receive the result writes none)
     */
    Optional<Dataset> registerOutput(JobOutput output, DatasetId dataset, Long creatorUserId);

    /** The outputs recorded for a job at this node, by task name, role, index and output key. */
    List<Dataset> outputsOf(String jobId);
}

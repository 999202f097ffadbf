package io.hutong.interconn;

/**
 * A dataset a job uses: {@code task_params.<role>.<index>.<component>.dataset_id}, held by the
 * node of that party (e.g. {@code space#host_ids}, as in the standard's example).
 */
public record JobDataset(String nodeId, String role, int roleIndex, String component, String datasetId) {

    /** {@code urn:hutong:dataset:<holder node>:<dataset_id>}, or the dataset_id itself when it is a URN. */
    public String urn() {
        return urn(nodeId, datasetId);
    }

    public static String urn(String nodeId, String datasetId) {
        return datasetId.startsWith("urn:") ? datasetId : "urn:hutong:dataset:" + nodeId + ":" + datasetId;
    }
}

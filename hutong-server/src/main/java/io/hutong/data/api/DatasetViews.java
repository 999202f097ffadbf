package io.hutong.data.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hutong.data.Dataset;
import io.hutong.data.JobOutput;
import io.hutong.web.ApiDates;
import java.util.List;
import org.springframework.stereotype.Component;

/** What the datasets API prints: ids as strings, dates as {@code yyyy-MM-dd HH:mm:ss} in the node's zone. */
@Component
class DatasetViews {

    private final ApiDates dates;

    DatasetViews(ApiDates dates) {
        this.dates = dates;
    }

    /**
     * A dataset: {@code scope} is {@code user} (then {@code ownerId} and {@code owner} name the user)
     * or {@code node}; a job's output adds which job, task, party and output key wrote it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DatasetView(String datasetId, String namespace, String name, String scope, String ownerId, String owner,
            List<String> columns, long rows, long size, String createTime, String jobId, String taskName,
            String role, Integer roleIndex, String outputKey) {
    }

    record DatasetPage(long total, int pageCurrent, int pageSize, int pageTotal, List<DatasetView> datasetList) {
    }

    DatasetView view(Dataset dataset) {
        JobOutput output = dataset.jobOutput();
        return new DatasetView(dataset.id().toString(), dataset.id().namespace(), dataset.id().name(),
                dataset.ownerId() == null ? "node" : "user",
                dataset.ownerId() == null ? null : Long.toString(dataset.ownerId()), dataset.ownerName(),
                dataset.columns(), dataset.rows(), dataset.size(), dates.format(dataset.createdAt()),
                output == null ? null : output.jobId(), output == null ? null : output.taskName(),
                output == null ? null : output.role(), output == null ? null : output.roleIndex(),
                output == null ? null : output.outputKey());
    }

    DatasetPage page(List<Dataset> rows, long total, int pageNum, int pageSize) {
        return new DatasetPage(total, pageNum, pageSize, (int) ((total + pageSize - 1) / pageSize),
                rows.stream().map(this::view).toList());
    }
}

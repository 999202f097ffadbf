package io.hutong.data;

import io.hutong.account.CurrentUser;
import io.hutong.data.internal.DatasetPage;
import io.hutong.data.internal.DatasetService;
import io.hutong.data.internal.DatasetStorage.Content;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The datasets a person may read, for the console: the datasets API's operations with the same
 * rules (a user: their own and the node's; an admin: every one).
 */
@Service
public class DatasetShelf {

    private final DatasetService datasets;

    DatasetShelf(DatasetService datasets) {
        this.datasets = datasets;
    }

    /** One page, newest first, and how many there are in all. */
    public record Page(List<Dataset> rows, long total) {
    }

    /** A dataset's file to stream, with its size in bytes; close it when done. */
    public record Download(InputStream stream, long size) {
    }

    public Page list(CurrentUser user, int pageNum, int pageSize) {
        DatasetPage page = datasets.list(user, null, null, pageNum, pageSize);
        return new Page(page.rows(), page.total());
    }

    public Download download(CurrentUser user, DatasetId id) throws IOException {
        Content content = datasets.download(user, id);
        return new Download(content.stream(), content.size());
    }

    /** Loads a CSV as a new dataset (or replaces one with {@code overwrite}); the first column is the id column. */
    public Dataset load(CurrentUser user, DatasetId id, boolean overwrite, long contentLength, InputStream csv)
            throws IOException {
        return datasets.load(user, id, overwrite, List.of(), contentLength, csv);
    }

    public Dataset get(CurrentUser user, DatasetId id) {
        return datasets.get(user, id);
    }

    public void delete(CurrentUser user, DatasetId id) {
        datasets.delete(user, id);
    }
}

package io.hutong.data;

import io.hutong.account.CurrentUser;
import io.hutong.data.internal.DatasetPage;
import io.hutong.data.internal.DatasetService;
import io.hutong.data.internal.DatasetStorage.Content;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;

/**
 * The datasets a person may read, for the console: the datasets API's operations with the same
 * rules (a user: their own and the node's; an admin: every one).
 */
@Service
public class DatasetShelf {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final DatasetService datasets;

    DatasetShelf(DatasetService datasets) {
        this.datasets = datasets;
    }

    /** One page, newest first, and how many there are in all. */
    public record Page(List<Dataset> rows, long total) {
    }

    public Page list(CurrentUser user, int pageNum, int pageSize) {
        DatasetPage page = datasets.list(user, null, null, pageNum, pageSize);
        return new Page(page.rows(), page.total());
    }

    /**
     * A dataset's file as the HTTP answer that streams it (the datasets API's and the console's):
     * {@code text/csv}, its length, an attachment named after the dataset.
     */
    public ResponseEntity<Resource> download(CurrentUser user, DatasetId id) throws IOException {
        Content content = datasets.download(user, id);
        return ResponseEntity.ok().contentType(CSV).contentLength(content.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(id.name()).build()
                        .toString())
                .body(new InputStreamResource(content.stream()));
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

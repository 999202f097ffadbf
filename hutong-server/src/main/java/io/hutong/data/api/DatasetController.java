package io.hutong.data.api;

import io.hutong.account.CurrentUser;
import io.hutong.account.UserApi;
import io.hutong.data.DatasetId;
import io.hutong.data.DatasetShelf;
import io.hutong.data.api.DatasetViews.DatasetPage;
import io.hutong.data.api.DatasetViews.DatasetView;
import io.hutong.data.internal.DatasetService;
import io.hutong.web.InfiniteApi;
import io.hutong.web.InfiniteResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The datasets of this node a user may read: load, list, describe, download, delete. */
@RestController
@UserApi
@InfiniteApi
@RequestMapping("/api/datasets")
@Tag(name = "Datasets", description = "CSV datasets at this node, where the algorithm containers read them, "
        + "and the outputs jobs wrote")
class DatasetController {

    private final DatasetService datasets;
    private final DatasetViews views;
    private final DatasetShelf shelf;

    DatasetController(DatasetService datasets, DatasetViews views, DatasetShelf shelf) {
        this.datasets = datasets;
        this.views = views;
        this.shelf = shelf;
    }

    @PostMapping(path = "/{namespace}/{name}", consumes = "text/csv")
    @Operation(summary = "Load a dataset from CSV", description = """
            The body is CSV with a header line, streamed to storage (any size up to \
            hutong.storage.max-upload-size). Values are split on ',' without quoting, as the containers read \
            them. Refused with the line: no header, an unnamed or repeated column, a line whose number of \
            values differs from the header's, an empty value in an id column (idColumns, default the first \
            column). The dataset exists completely or, after any error, not at all. An existing dataset is \
            replaced only with overwrite=true, and only by its owner or an admin. Names: 1 to 255 of \
            A-Z a-z 0-9 _ - ., not starting with '.'.""",
            requestBody = @RequestBody(required = true, content = @Content(mediaType = "text/csv",
                    schema = @Schema(type = "string", example = "id,age\n1,34\n2,41\n"))))
    InfiniteResponse<DatasetView> load(CurrentUser user, @PathVariable String namespace, @PathVariable String name,
            @RequestParam(defaultValue = "false") boolean overwrite,
            @RequestParam(required = false) List<String> idColumns, HttpServletRequest request) throws IOException {
        DatasetId id = DatasetId.of(namespace, name);
        try (InputStream body = request.getInputStream()) {
            return InfiniteResponse.ok(views.view(datasets.load(user, id, overwrite,
                    idColumns == null ? List.of() : idColumns, request.getContentLengthLong(), body)));
        }
    }

    @GetMapping
    @Operation(summary = "The datasets you may read", description = "Yours and the node's (an admin: every one), "
            + "newest first, job outputs included; namespace and jobId filter.")
    InfiniteResponse<DatasetPage> list(CurrentUser user, @RequestParam(defaultValue = "1") @Min(1) int pageNum,
            @RequestParam(defaultValue = "20") @Min(1) @Max(1000) int pageSize,
            @RequestParam(required = false) String namespace, @RequestParam(required = false) String jobId) {
        var page = datasets.list(user, blankToNull(namespace), blankToNull(jobId), pageNum, pageSize);
        return InfiniteResponse.ok(views.page(page.rows(), page.total(), pageNum, pageSize));
    }

    @GetMapping("/{namespace}/{name}")
    @Operation(summary = "A dataset's metadata")
    InfiniteResponse<DatasetView> get(CurrentUser user, @PathVariable String namespace, @PathVariable String name) {
        return InfiniteResponse.ok(views.view(datasets.get(user, DatasetId.of(namespace, name))));
    }

    @GetMapping("/{namespace}/{name}/data")
    @Operation(summary = "A dataset's CSV, streamed")
    ResponseEntity<Resource> download(CurrentUser user, @PathVariable String namespace, @PathVariable String name)
            throws IOException {
        return shelf.download(user, DatasetId.of(namespace, name));
    }

    @DeleteMapping("/{namespace}/{name}")
    @Operation(summary = "Delete a dataset", description = "Its owner or an admin; the node's datasets: an admin.")
    InfiniteResponse<Map<String, Object>> delete(CurrentUser user, @PathVariable String namespace,
            @PathVariable String name) {
        datasets.delete(user, DatasetId.of(namespace, name));
        return InfiniteResponse.ok();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

package io.hutong.console.api;

import io.hutong.console.internal.ConsoleProperties;
import io.hutong.console.internal.Pages;
import io.hutong.console.internal.Viewer;
import io.hutong.data.DatasetId;
import io.hutong.data.DatasetShelf;
import io.hutong.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Datasets and job outputs a person may read (a user: their own and the node's), with download,
 * upload and delete. The download goes through the console, since the API's needs the token header.
 */
@Controller
class DatasetsController {

    private final DatasetShelf datasets;
    private final ConsoleProperties properties;

    DatasetsController(DatasetShelf datasets, ConsoleProperties properties) {
        this.datasets = datasets;
        this.properties = properties;
    }

    @GetMapping("/console/datasets")
    String list(Viewer viewer, @RequestParam(defaultValue = "1") int page, Model model) {
        Pages.check(page);
        var found = datasets.list(viewer.user(), page, properties.pageSize());
        model.addAttribute("datasets", found.rows());
        model.addAttribute("total", found.total());
        Pages.add(model, page, found.total(), properties.pageSize());
        return "console/datasets";
    }

    @GetMapping("/console/datasets/{namespace}/{name}/data")
    ResponseEntity<Resource> download(Viewer viewer, @PathVariable String namespace, @PathVariable String name)
            throws IOException {
        return datasets.download(viewer.user(), DatasetId.of(namespace, name));
    }

    @PostMapping("/console/datasets")
    String upload(Viewer viewer, @RequestParam String namespace, @RequestParam String name,
            @RequestParam(required = false) MultipartFile file, @RequestParam(defaultValue = "false") boolean overwrite)
            throws IOException {
        if (file == null || file.isEmpty()) {
            throw ApiException.invalid("file", "notEmpty (a CSV file with a header line)");
        }
        try (InputStream csv = file.getInputStream()) {
            datasets.load(viewer.user(), DatasetId.of(namespace.strip(), name.strip()), overwrite, file.getSize(), csv);
        }
        return "redirect:/console/datasets";
    }

    @GetMapping("/console/datasets/{namespace}/{name}/delete")
    String confirmDelete(Viewer viewer, @PathVariable String namespace, @PathVariable String name, Model model) {
        model.addAttribute("dataset", datasets.get(viewer.user(), DatasetId.of(namespace, name)));
        return "console/dataset-delete";
    }

    @PostMapping("/console/datasets/{namespace}/{name}/delete")
    String delete(Viewer viewer, @PathVariable String namespace, @PathVariable String name) {
        datasets.delete(viewer.user(), DatasetId.of(namespace, name));
        return "redirect:/console/datasets";
    }
}

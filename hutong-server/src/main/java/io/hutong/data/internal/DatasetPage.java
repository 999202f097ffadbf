package io.hutong.data.internal;

import io.hutong.data.Dataset;
import java.util.List;

/** One page of datasets and how many there are in all. */
public record DatasetPage(List<Dataset> rows, long total) {
}

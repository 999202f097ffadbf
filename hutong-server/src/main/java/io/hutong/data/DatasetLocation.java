package io.hutong.data;

/**
 * Where a component finds a dataset: {@code storage} is the {@code system.storage} value of its
 * container ({@code file:///…} for the file storage), {@code dataset} the {@code {namespace, name}}
 * of its {@code runtime.component.input.<name>}.
 */
public record DatasetLocation(String storage, DatasetId dataset) {
}

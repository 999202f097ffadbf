/**
 * Datasets at a node: CSV files with a header line under the storage root
 * ({@code <root>/<namespace>/<name>}, where the algorithm containers read and write them), their
 * metadata, the user API that loads, lists, downloads and deletes them, and the outputs jobs wrote.
 * {@link io.hutong.data.Datasets} is what other features call.
 */
package io.hutong.data;

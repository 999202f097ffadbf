/**
 * Where a node keeps its records: PostgreSQL, embedded by default, external when
 * {@code spring.datasource.url} is set. Flyway migrations under {@code db/migration} own the schema.
 */
package io.hutong.storage;

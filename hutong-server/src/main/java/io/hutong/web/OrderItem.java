package io.hutong.web;

/** One ordering key of a list request: {@code {"key": "packName", "sort": "asc"}}. */
public record OrderItem(String key, String sort) {
}

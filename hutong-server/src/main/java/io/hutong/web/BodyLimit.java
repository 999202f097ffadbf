package io.hutong.web;

import org.springframework.util.unit.DataSize;

/**
 * The largest body the requests under a path prefix may send, in place of
 * {@code hutong.web.max-body-size}. A feature whose endpoints take larger bodies declares one as a
 * bean; the longest matching prefix wins.
 *
 * @param max null: no limit, for an endpoint that streams what it reads
 */
public record BodyLimit(String pathPrefix, DataSize max) {

    /** {@code 16MB}, {@code 4GB}: a size as rules ({@code maxSize(16MB)}) and properties write it. */
    public static String describe(DataSize size) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        long amount = size.toBytes();
        int unit = 0;
        while (unit < units.length - 1 && amount >= 1024 && amount % 1024 == 0) {
            amount /= 1024;
            unit++;
        }
        return amount + units[unit];
    }
}

package io.hutong.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * {@code ~/.hutong/config}: the node's URL and a token, as {@code url=} and {@code token=} lines. Written by
 * {@code hutong login}, readable by its owner only since it holds a token.
 */
record CliConfig(String url, String token) {

    static Path file(Path home) {
        return home.resolve(".hutong").resolve("config");
    }

    static CliConfig read(Path home) {
        Path file = file(home);
        if (!Files.isRegularFile(file)) {
            return new CliConfig(null, null);
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw CliException.usage(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return new CliConfig(blankToNull(properties.getProperty("url")), blankToNull(properties.getProperty("token")));
    }

    /** Writes the file through a mode-600 temporary file, so that the token is never readable by others. */
    void write(Path home) {
        Path file = file(home);
        try {
            Path dir = Files.createDirectories(file.getParent());
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            Path temporary = posix
                    ? Files.createTempFile(dir, "config", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, "config", ".tmp");
            Properties properties = new Properties();
            properties.setProperty("url", url);
            if (token != null) {
                properties.setProperty("token", token);
            }
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(out, "hutong login");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw CliException.usage(e.getFile() + ": exists and is not a directory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

package io.hutong.storage.internal;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the zonky binary bundle, with its cluster under the node's data
 * directory so records survive restarts.
 *
 * <p>PostgreSQL refuses to run as root. When Hutong itself runs as root (containers, CI), the
 * server is started inside a user namespace that maps the unprivileged {@code run-as-user} onto
 * root, so files stay owned by root and no directory needs new permissions; where user namespaces
 * are not allowed it falls back to dropping privileges with {@code setpriv}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String USER = "hutong";
    private static final String DATABASE = "hutong";

    private final Path home;
    private final Path cluster;
    private final Path binaries;
    private final String runAsUser;
    private final List<String> runAs;
    private final Duration startupTimeout;
    private final Map<String, String> settings;
    private int port;
    private String password;
    private boolean running;

    public EmbeddedPostgres(Path home, EmbeddedPostgresProperties properties) {
        this.home = home.toAbsolutePath().normalize();
        this.cluster = this.home.resolve("pgdata");
        this.startupTimeout = properties.startupTimeout();
        this.settings = properties.settings();
        this.binaries = extractBinaries(properties.binariesDir());
        this.runAsUser = properties.runAsUser();
        this.runAs = runAsPrefix(properties);
    }

    public synchronized void start() {
        try {
            Files.createDirectories(home);
            Path secrets = home.resolve("postgres.properties");
            if (!Files.exists(cluster.resolve("PG_VERSION"))) {
                initialise(secrets);
            }
            password = load(secrets).getProperty("password");
            stopLeftover();
            port = freePort();
            run(Duration.ofMinutes(1), pgCtl(), "-D", cluster.toString(), "-w", "-t",
                    Long.toString(startupTimeout.toSeconds()), "-l", cluster.resolve("postgres.log").toString(),
                    "-o", serverOptions(), "start");
            running = true;
            createDatabaseIfMissing();
            Properties connection = load(secrets);
            connection.setProperty("url", jdbcUrl());
            store(secrets, connection);
            log.info("Embedded PostgreSQL listening on 127.0.0.1:{}, cluster {}", port, cluster);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + cluster, e);
        }
    }

    private String serverOptions() {
        StringBuilder options = new StringBuilder("-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''");
        settings.forEach((key, value) -> options.append(" -c ").append(key).append('=').append(value));
        return options.toString();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            run(Duration.ofMinutes(1), pgCtl(), "-D", cluster.toString(), "-m", "fast", "-w", "stop");
        } catch (IOException | RuntimeException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    private void initialise(Path secrets) throws IOException {
        if (Files.exists(cluster)) {
            // an earlier initdb died half-way: nothing in it can be a record yet
            deleteTree(cluster);
        }
        String generated = randomPassword();
        Path passwordFile = Files.createTempFile(home, "pw", ".tmp");
        try {
            Files.writeString(passwordFile, generated, StandardCharsets.UTF_8);
            prepareForRunUser(passwordFile);
            run(Duration.ofMinutes(2), bin("initdb"), "-D", cluster.toString(), "-A", "scram-sha-256", "-U", USER,
                    "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale");
        } finally {
            Files.deleteIfExists(passwordFile);
        }
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", generated);
        store(secrets, properties);
    }

    private void createDatabaseIfMissing() {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, USER, password);
                Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE + " owner " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + DATABASE + " on the embedded PostgreSQL", e);
        }
    }

    /** A server left running by a node that was killed holds the cluster: stop it first. */
    private void stopLeftover() throws IOException {
        if (Files.exists(cluster.resolve("postmaster.pid"))) {
            List<String> command = new ArrayList<>(runAs);
            command.addAll(List.of(pgCtl(), "-D", cluster.toString(), "status"));
            Process status = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (waitQuietly(status) == 0 && output.contains("server is running")) {
                log.info("Stopping a PostgreSQL server left running on {}", cluster);
                run(Duration.ofMinutes(1), pgCtl(), "-D", cluster.toString(), "-m", "fast", "-w", "stop");
            }
        }
    }

    private void prepareForRunUser(Path passwordFile) throws IOException {
        if (runAs.isEmpty() || !runAs.get(0).endsWith("setpriv")) {
            return;
        }
        // setpriv runs the server as the unprivileged user: it must own the cluster directory
        Files.createDirectories(cluster);
        Files.setPosixFilePermissions(cluster, PosixFilePermissions.fromString("rwx------"));
        var owner = cluster.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAsUser);
        Files.setOwner(cluster, owner);
        Files.setOwner(passwordFile, owner);
    }

    private String pgCtl() {
        return bin("pg_ctl");
    }

    private String bin(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private void run(Duration timeout, String... args) throws IOException {
        List<String> command = new ArrayList<>(runAs);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        await(process, timeout, command, output);
    }

    private void await(Process process, Duration timeout, List<String> command, String output) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Embedded PostgreSQL command failed (exit " + process.exitValue() + "): "
                    + String.join(" ", command) + "\n" + output.strip()
                    + (runAs.isEmpty() ? "" : "\nHutong runs as root, so PostgreSQL runs as an unprivileged user "
                            + "(hutong.embedded-postgres.run-as-user); every directory above " + home
                            + " must be reachable by that user, or run Hutong as a normal user."));
        }
    }

    private static int waitQuietly(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static List<String> runAsPrefix(EmbeddedPostgresProperties properties) {
        if (!isRoot()) {
            return List.of();
        }
        String user = properties.runAsUser();
        String mode = properties.rootMode().toLowerCase(Locale.ROOT);
        try {
            String uid = exec("id", "-u", user).strip();
            String gid = exec("id", "-g", user).strip();
            List<String> unshare = List.of("unshare", "--user", "--map-user=" + uid, "--map-group=" + gid);
            if (!mode.equals("setpriv") && probe(unshare)) {
                return unshare;
            }
            if (mode.equals("user-namespace")) {
                throw new IllegalStateException("User namespaces are not available to run PostgreSQL as " + user);
            }
            return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare to run PostgreSQL as " + user, e);
        }
    }

    private static boolean probe(List<String> prefix) {
        List<String> command = new ArrayList<>(prefix);
        command.add("true");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return waitQuietly(process) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String exec(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (waitQuietly(process) != 0) {
            throw new IOException(String.join(" ", command) + ": " + output.strip());
        }
        return output;
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Unpacks the PostgreSQL bundle once per bundle into a shared cache; nodes on one machine share it. */
    private static Path extractBinaries(Path cacheRoot) {
        String system = System.getProperty("os.name").startsWith("Mac") ? "Darwin"
                : System.getProperty("os.name").startsWith("Windows") ? "Windows" : "Linux";
        String arch = normaliseArch(System.getProperty("os.arch"));
        try {
            String bundle = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + arch + ".txz";
            var url = DefaultPostgresBinaryResolver.class.getClassLoader().getResource(bundle);
            String key = sha256(url == null ? bundle : url.toString()).substring(0, 16);
            Path target = cacheRoot.resolve("pg-" + key);
            Path done = target.resolve(".complete");
            if (Files.exists(done)) {
                return target;
            }
            Files.createDirectories(cacheRoot);
            try (FileChannel lock = FileChannel.open(cacheRoot.resolve("pg-" + key + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); var ignored = lock.lock()) {
                if (Files.exists(done)) {
                    return target;
                }
                if (Files.exists(target)) {
                    deleteTree(target);
                }
                try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch)) {
                    untar(in, target);
                }
                Files.createFile(done);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack the PostgreSQL binaries into " + cacheRoot, e);
        }
    }

    private static void untar(InputStream txz, Path target) throws IOException {
        Files.createDirectories(target);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(txz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        path.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private static String normaliseArch(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static void store(Path file, Properties properties) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (var out = Files.newOutputStream(temp)) {
            properties.store(out, "Embedded PostgreSQL of this Hutong node: keep private");
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

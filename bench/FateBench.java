import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Benchmark of the FATE Flow services of a built node (run by fate-bench.sh; JDK 17 single-file
 * program). Starts the jar on a temporary data dir with a capped heap, then measures:
 *
 * <ol>
 *   <li>signature requests/s next to GET /actuator/health requests/s, same run, same concurrency;
 *   <li>upload → query → download of N ids (default 1,000,000) against a dataset of N rows: seconds
 *       per phase and the node's peak heap, sampled from /actuator/metrics.
 * </ol>
 *
 * Prints figures; asserts nothing. Arguments: {@code jar [--ids=N] [--heap=256m] [--threads=8] [--seconds=10]}.
 */
public class FateBench {

    static final String TOKEN = "bench-admin-token";
    static final String BOUNDARY = "2b0c5d1e8f9a4b3c8d7e6f5a4b3c2d1e";
    static final String SIGNATURE_REQUEST = "{\"party_id\": 9999, \"body\": {\"job_id\": \"202601010800000000001\", "
            + "\"src_role\": \"guest\", \"dest_party_id\": 10000, \"conf\": {\"lr\": 0.1, \"eps\": 1e-05, "
            + "\"name\": \"\\u6a21\\u578b\", \"list\": [1.0, -0.0, null, true]}}}";

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    String base;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FateBench <hutong-server.jar> [--ids=N] [--heap=256m] [--threads=8] [--seconds=10]");
            System.exit(2);
        }
        long ids = 1_000_000;
        String heap = "256m";
        int threads = 8;
        int seconds = 10;
        for (String arg : args) {
            if (arg.startsWith("--ids=")) {
                ids = Long.parseLong(arg.substring(6));
            } else if (arg.startsWith("--heap=")) {
                heap = arg.substring(7);
            } else if (arg.startsWith("--threads=")) {
                threads = Integer.parseInt(arg.substring(10));
            } else if (arg.startsWith("--seconds=")) {
                seconds = Integer.parseInt(arg.substring(10));
            }
        }
        new FateBench().run(Path.of(args[0]), ids, heap, threads, seconds);
    }

    void run(Path jar, long ids, String heap, int threads, int seconds) throws Exception {
        Path dataDir = Files.createTempDirectory("hutong-fate-bench");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        Path log = dataDir.resolve("node.log");
        Process node = new ProcessBuilder("java", "-Xmx" + heap, "-jar", jar.toString(), "--server.port=" + port,
                "--hutong.node.id=bench", "--hutong.data-dir=" + dataDir.resolve("node"),
                "--hutong.bootstrap.admin-token=" + TOKEN, "--hutong.fate.party-id=9999")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitHealthy(node, log);
            System.out.printf("node: %s, -Xmx%s, %d cores, data dir %s%n", jar, heap,
                    Runtime.getRuntime().availableProcessors(), dataDir);

            System.out.printf("%n== signature vs health: %d threads, %d s each after %d s warm-up ==%n", threads,
                    seconds, Math.max(2, seconds / 3));
            Load health = () -> get("/actuator/health").statusCode() == 200;
            Load signature = () -> {
                HttpResponse<String> answer = post("/api/fate/signature", SIGNATURE_REQUEST);
                return answer.statusCode() == 200 && answer.body().startsWith("{\"code\":0,");
            };
            measure(health, threads, Math.max(2, seconds / 3));
            measure(signature, threads, Math.max(2, seconds / 3));
            double healthRate = measure(health, threads, seconds);
            double signatureRate = measure(signature, threads, seconds);
            System.out.printf("GET  /actuator/health   %10.0f requests/s%n", healthRate);
            System.out.printf("POST /api/fate/signature %9.0f requests/s%n", signatureRate);
            System.out.printf("signature / health       %9.2f%n", signatureRate / healthRate);

            System.out.printf("%n== upload -> query -> download of %,d ids ==%n", ids);
            HeapSampler sampler = new HeapSampler();
            Thread sampling = new Thread(sampler, "heap-sampler");
            sampling.setDaemon(true);
            sampling.start();
            idsRoundTrip(ids, dataDir);
            sampler.stop.set(true);
            sampling.join();
            System.out.printf("node heap during the round trip: peak used %.1f MiB (sampled every 100 ms), "
                    + "max %.1f MiB (-Xmx%s)%n", sampler.peak.get() / 1048576.0, sampler.max / 1048576.0, heap);
        } finally {
            node.destroy();
            if (!node.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    void idsRoundTrip(long ids, Path dir) throws Exception {
        // dataset ids 0 … N-1; the upload sends all of them, permuted, so every id joins
        Path csv = write(dir.resolve("dataset.csv"), "id,x0,x1\n", ids, i -> i + "," + (i % 97) + "," + (i * 0.5), "");
        long step = 7919;
        Path multipart = write(dir.resolve("upload.multipart"), "--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"id\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nid\n", ids, i -> Long.toString((i * step) % ids),
                "\r\n--" + BOUNDARY + "--\r\n");

        long start = System.nanoTime();
        HttpResponse<String> loaded = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/admin/fate/datasets/bench/versions/v1")).header("token", TOKEN)
                .header("Content-Type", "text/csv").timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
        require(loaded.body().contains("\"rowCount\":" + ids), "dataset load: " + loaded.body());
        double loadSeconds = since(start);
        System.out.printf("dataset load (CSV, %,d rows)   %8.1f s%n", ids, loadSeconds);

        start = System.nanoTime();
        String fateJobId = "202601010900000000001";
        String requestBody = "{\"dataset\": \"bench\", \"version\": \"v1\", \"job_id\": \"" + fateJobId
                + "\", \"sign\": \"" + md5(fateJobId) + "\"}";
        HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(base + "/api/fate/upload?requestBody="
                        + URLEncoder.encode(requestBody, StandardCharsets.UTF_8)))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(multipart)).build(), HttpResponse.BodyHandlers.ofString());
        String jobId = field(uploaded.body(), "jobId");
        require(jobId != null, "upload: " + uploaded.body());
        double uploadSeconds = since(start);

        start = System.nanoTime();
        String status;
        do {
            Thread.sleep(200);
            status = field(post("/api/fate/query", "{\"jobId\": \"" + jobId + "\"}").body(), "status");
        } while ("running".equals(status));
        require("success".equals(status), "join ended " + status);
        double joinSeconds = since(start);

        start = System.nanoTime();
        String downloadBody = "{\"jobId\": \"" + jobId + "\", \"sign\": \"" + md5(jobId) + "\"}";
        HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/fate/download?requestBody=" + URLEncoder.encode(downloadBody, StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(download.body(), StandardCharsets.UTF_8))) {
            while (reader.readLine() != null) {
                lines++;
            }
        }
        require(download.statusCode() == 200 && lines == ids + 1, "download: HTTP " + download.statusCode()
                + ", " + lines + " lines");
        double downloadSeconds = since(start);
        System.out.printf("upload (multipart, %,d ids)    %8.1f s%n", ids, uploadSeconds);
        System.out.printf("join until query says success %8.1f s%n", joinSeconds);
        System.out.printf("download (%,d lines streamed) %8.1f s%n", lines, downloadSeconds);
        System.out.printf("upload -> download total      %8.1f s%n", uploadSeconds + joinSeconds + downloadSeconds);
    }

    interface Load {
        boolean call() throws Exception;
    }

    /** Requests per second of {@code load} from {@code threads} callers for {@code seconds}; failures do not count. */
    double measure(Load load, int threads, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> callers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            callers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try {
                        (load.call() ? done : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> caller : callers) {
            caller.get();
        }
        pool.shutdown();
        if (failed.get() > 0) {
            System.out.printf("  (%d failed requests not counted)%n", failed.get());
        }
        return done.get() / since(start);
    }

    /** Samples the node's used heap; {@code max} is the heap limit the node reports. */
    class HeapSampler implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong peak = new AtomicLong();
        double max;

        @Override
        public void run() {
            try {
                max = metric("jvm.memory.max");
            } catch (Exception e) {
                max = Double.NaN;
            }
            while (!stop.get()) {
                try {
                    peak.accumulateAndGet((long) metric("jvm.memory.used"), Math::max);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a sample lost under load; the next one counts
                }
            }
        }

        double metric(String name) throws Exception {
            String body = get("/actuator/metrics/" + name + "?tag=area:heap").body();
            Matcher value = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)").matcher(body);
            if (!value.find()) {
                throw new IllegalStateException(body);
            }
            return Double.parseDouble(value.group(1));
        }
    }

    void awaitHealthy(Process node, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                throw new IllegalStateException("the node exited; see " + log + ":\n" + Files.readString(log));
            }
            try {
                if (get("/actuator/health").body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the node did not become healthy; see " + log);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Writes {@code head}, one line per index, then {@code tail}: the bodies are made before any clock runs. */
    static Path write(Path file, String head, long lines, LongFunction<String> line, String tail) throws IOException {
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(head);
            for (long i = 0; i < lines; i++) {
                out.write(line.apply(i));
                out.write('\n');
            }
            out.write(tail);
        }
        return file;
    }

    static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return value.find() ? value.group(1) : null;
    }

    static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}

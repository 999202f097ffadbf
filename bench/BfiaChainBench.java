import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A chain of 5 Noop components across three parties (guest node-a, host node-b, arbiter node-c;
 * every component runs at all three): end-to-end latency of one job, jobs/s with 8 concurrent
 * submitters, and the round trip of a bare east-west call between the nodes, side by side.
 *
 * <p>Usage: {@code BfiaChainBench <node-a url> <node-b url> <admin token> <data root> [jobs] [seconds]}
 */
public final class BfiaChainBench {

    private static final Pattern JOB_ID = Pattern.compile("\"job_id\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"job_status\":\"([A-Z]+)\"");
    private static final Pattern RESULT = Pattern.compile("\"result\":\"([A-Z]+)\"");
    private static final Pattern EXITED = Pattern.compile("exited with status 0 after (\\d+) ms");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String a = args[0];
        String b = args[1];
        String token = args[2];
        Path dataRoot = Path.of(args[3]);
        int jobs = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        Duration window = Duration.ofSeconds(args.length > 5 ? Integer.parseInt(args[5]) : 30);
        String body = jobBody();

        for (int i = 0; i < 5; i++) {
            runJob(a, token, body);
        }
        long[] latencies = new long[jobs];
        for (int i = 0; i < jobs; i++) {
            latencies[i] = runJob(a, token, body);
        }
        Arrays.sort(latencies);

        AtomicInteger finished = new AtomicInteger();
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        long end = System.nanoTime() + window.toNanos();
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            running.add(submitters.submit(() -> {
                while (System.nanoTime() < end) {
                    runJob(a, token, body);
                    finished.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        submitters.shutdown();

        String anyJob = lastJob;
        long[] rtts = new long[500];
        for (int i = 0; i < 50; i++) {
            eastWest(b, anyJob);
        }
        for (int i = 0; i < rtts.length; i++) {
            long t0 = System.nanoTime();
            eastWest(b, anyJob);
            rtts[i] = System.nanoTime() - t0;
        }
        Arrays.sort(rtts);
        double noopMillis = meanComponentMillis(dataRoot);

        double p50 = latencies[latencies.length / 2] / 1e6;
        double p99 = latencies[Math.min(latencies.length - 1, (int) Math.ceil(latencies.length * 0.99) - 1)] / 1e6;
        double rtt = rtts[rtts.length / 2] / 1e6;
        double overheadPerTask = p50 / 5 - noopMillis;
        System.out.printf("5-task chain, 3 parties, %d sequential jobs:  p50 %.0f ms   p99 %.0f ms   (goal p50 <= 300 ms)%n",
                jobs, p50, p99);
        System.out.printf("8 concurrent submitters for %.0f s:           %.1f jobs/s   (goal >= 20 jobs/s)%n", seconds,
                finished.get() / seconds);
        System.out.printf("bare east-west call node -> node-b:          p50 %.2f ms%n", rtt);
        System.out.printf("Noop process, launch to exit (mean):         %.1f ms%n", noopMillis);
        System.out.printf("scheduling overhead per task (p50/5 - Noop): %.1f ms = %.1f x the east-west round trip%n",
                overheadPerTask, overheadPerTask / rtt);
    }

    private static volatile String lastJob;

    /** Creates a job at node-a and waits until node-a reports it finished; returns nanoseconds. */
    private static long runJob(String a, String token, String body) throws Exception {
        long t0 = System.nanoTime();
        String created = send(post(a + "/v1/platform/schedule/job/create_all", token, body));
        Matcher id = JOB_ID.matcher(created);
        if (!id.find()) {
            throw new IllegalStateException("not created: " + created);
        }
        String jobId = id.group(1);
        while (true) {
            String state = send(HttpRequest.newBuilder(URI.create(a + "/v1/platform/schedule/job/status_all?job_id="
                    + jobId)).header("token", token).GET().build());
            Matcher status = STATUS.matcher(state);
            if (status.find() && (status.group(1).equals("FINISHED") || status.group(1).equals("REJECTED"))) {
                Matcher result = RESULT.matcher(state);
                if (!result.find() || !result.group(1).equals("SUCCESS")) {
                    throw new IllegalStateException("job did not succeed: " + state);
                }
                lastJob = jobId;
                return System.nanoTime() - t0;
            }
            Thread.sleep(2);
        }
    }

    /** A bare east-west call: status_all of a finished job, as another node asks it. */
    private static void eastWest(String node, String jobId) throws Exception {
        send(HttpRequest.newBuilder(URI.create(node + "/v1/interconn/schedule/job/status_all?job_id=" + jobId))
                .header("x-source-node-id", "node-a").header("x-target-node-id", "node-b")
                .header("x-nonce", java.util.UUID.randomUUID().toString())
                .header("x-timestamp", Long.toString(System.currentTimeMillis())).GET().build());
    }

    private static double meanComponentMillis(Path root) throws Exception {
        List<Long> millis = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.getFileName().toString().equals("debug.log")).toList()) {
                Matcher m = EXITED.matcher(Files.readString(file));
                while (m.find()) {
                    millis.add(Long.parseLong(m.group(1)));
                }
            }
        }
        return millis.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    private static HttpRequest post(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("token", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String jobBody() {
        StringBuilder components = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            components.append(i == 0 ? "" : ",").append("{\"name\":\"c").append(i)
                    .append("\",\"componentName\":\"Noop\",\"version\":\"1.0.0\",\"provider\":\"hutong\",\"input\":[")
                    .append(i == 0 ? "" : "{\"key\":\"c" + (i - 1) + ".data\",\"type\":\"dataset\"}")
                    .append("],\"output\":[{\"key\":\"data\",\"type\":\"dataset\"}]}");
        }
        return "{\"flow_id\":\"bench\",\"dag\":{\"version\":\"2.0.0\",\"components\":[" + components + "]},"
                + "\"config\":{\"version\":\"2.0.0\",\"initiator\":{\"role\":\"guest\",\"node_id\":\"node-a\"},"
                + "\"role\":{\"guest\":[\"node-a\"],\"host\":[\"node-b\"],\"arbiter\":[\"node-c\"]},"
                + "\"job_params\":{\"common\":{\"sync_type\":\"callback\"}},\"task_params\":{}}}";
    }
}

import io.hutong.protocol.CanonicalRequest;
import io.hutong.protocol.RequestSignature;
import io.hutong.protocol.SignatureAlgorithm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A chain of 5 Noop components across three parties (guest node-a, host node-b, arbiter node-c;
 * every component runs at all three), on two federations started side by side: one signing and
 * checking every east-west call, one with node trust switched off. End-to-end latency of one job
 * (the two federations take turns, job by job, so both see the same noise), jobs/s with 8
 * concurrent submitters, and the round trip of a bare east-west call between the nodes.
 *
 * <p>Nothing is measured before the nodes are warm: on 2 cores the JIT compilers of six nodes keep
 * compiling for minutes after the start, and what they take is not what a node that runs for days
 * spends on a job. Both federations run jobs as in the throughput phase, in rounds of
 * {@code BFIA_WARMUP_ROUND} seconds each (default 20), until the nodes' compilers took at most
 * {@code BFIA_WARMUP_JIT} (default 0.05) of the machine's two cores during a round, or for at most
 * {@code BFIA_WARMUP_MAX} seconds (default 600). Every round is printed, and so is the compile time
 * during each measured phase.
 *
 * <p>Usage: {@code BfiaChainBench <signed node-a,node-b,node-c> <unsigned node-a,node-b,node-c>
 * <admin token> <data root> <pids of the six nodes, comma-separated> [jobs] [seconds]}
 */
public final class BfiaChainBench {

    private static final Pattern JOB_ID = Pattern.compile("\"job_id\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"job_status\":\"([A-Z]+)\"");
    private static final Pattern RESULT = Pattern.compile("\"result\":\"([A-Z]+)\"");
    private static final Pattern EXITED = Pattern.compile("exited with status 0 after (\\d+) ms");
    /** The unit of /proc's CPU times on Linux, whatever the kernel's tick. */
    private static final long USER_HZ = 100;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final KeyPair BENCH_KEY = SignatureAlgorithm.SHA256_ECDSA.generateKeyPair();

    public static void main(String[] args) throws Exception {
        List<String> signedNodes = List.of(args[0].split(","));
        List<String> unsignedNodes = List.of(args[1].split(","));
        String signedA = signedNodes.get(0);
        String signedB = signedNodes.get(1);
        String unsignedA = unsignedNodes.get(0);
        String unsignedB = unsignedNodes.get(1);
        String token = args[2];
        Path dataRoot = Path.of(args[3]);
        int jobs = args.length > 5 ? Integer.parseInt(args[5]) : 40;
        Duration window = Duration.ofSeconds(args.length > 6 ? Integer.parseInt(args[6]) : 20);
        String body = jobBody();
        List<Long> nodePids = Stream.of(args[4].split(",")).map(Long::parseLong).toList();

        warmUp(signedA, unsignedA, token, body, nodePids);
        long compiledBefore = compileMillis(nodePids);
        long sequentialStart = System.nanoTime();
        long[] signed = new long[jobs];
        long[] unsigned = new long[jobs];
        for (int i = 0; i < jobs; i++) {
            // alternate who goes first, so neither side always follows the other's leftovers
            if (i % 2 == 0) {
                signed[i] = sequentialJob(signedA, token, body);
                unsigned[i] = sequentialJob(unsignedA, token, body);
            } else {
                unsigned[i] = sequentialJob(unsignedA, token, body);
                signed[i] = sequentialJob(signedA, token, body);
            }
        }
        Arrays.sort(signed);
        Arrays.sort(unsigned);
        double p50 = millis(signed, 0.5);
        double unsignedP50 = millis(unsigned, 0.5);
        System.out.printf("5-task chain, 3 parties, %d sequential jobs each, turn by turn:%n", jobs);
        System.out.printf("  signed:    p50 %.0f ms   p99 %.0f ms%n", p50, millis(signed, 0.99));
        System.out.printf("  unsigned:  p50 %.0f ms   p99 %.0f ms%n", unsignedP50, millis(unsigned, 0.99));
        System.out.printf("  signed / unsigned p50: %.2f   (goal <= 1.2; goal p50 <= 300 ms)%n", p50 / unsignedP50);
        printCompiling(nodePids, compiledBefore, sequentialStart);

        signUp(signedB, token);
        double signedRtt = roundTrip(signedB, true);
        double unsignedRtt = roundTrip(unsignedB, false);
        System.out.printf("bare east-west call -> node-b (p50):    signed %.2f ms   unsigned %.2f ms%n", signedRtt,
                unsignedRtt);

        // read before the concurrent phase, whose crowded processes would not say what one job sees
        double noopMillis = meanComponentMillis(dataRoot);
        System.out.printf("Noop (%s), launch to exit incl. its callback (mean, sequential jobs): %.1f ms%n",
                System.getenv().getOrDefault("BENCH_BUILTINS", "in-process"), noopMillis);
        double overheadPerTask = p50 / 5 - noopMillis;
        System.out.printf("scheduling overhead per task, signed (p50/5 - Noop): %.1f ms = %.1f x the east-west round trip%n",
                overheadPerTask, overheadPerTask / signedRtt);

        compiledBefore = compileMillis(nodePids);
        long throughputStart = System.nanoTime();
        long cpuBefore = federationCpuMillis(dataRoot, nodePids);
        AtomicInteger signedJobs = new AtomicInteger();
        double signedJobsPerSecond = throughput(signedA, token, body, window, signedJobs);
        long cpuBetween = federationCpuMillis(dataRoot, nodePids);
        AtomicInteger unsignedJobs = new AtomicInteger();
        double unsignedJobsPerSecond = throughput(unsignedA, token, body, window, unsignedJobs);
        long cpuAfter = federationCpuMillis(dataRoot, nodePids);
        System.out.printf("8 concurrent submitters for %d s each:  signed %.1f jobs/s   unsigned %.1f jobs/s   "
                + "(goal >= 20 jobs/s)%n", window.toSeconds(), signedJobsPerSecond, unsignedJobsPerSecond);
        System.out.printf("  CPU per job of the six nodes and their PostgreSQL servers (the other federation idle, "
                + "counted too): signed %.1f ms   unsigned %.1f ms   (goal <= 25 ms)%n", (cpuBetween - cpuBefore) / (double) signedJobs.get(),
                (cpuAfter - cpuBetween) / (double) unsignedJobs.get());
        printCompiling(nodePids, compiledBefore, throughputStart);
    }

    private static void warmUp(String signedA, String unsignedA, String token, String body, List<Long> pids)
            throws Exception {
        Duration round = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BFIA_WARMUP_ROUND", "20")));
        double settled = Double.parseDouble(System.getenv().getOrDefault("BFIA_WARMUP_JIT", "0.05"));
        long limit = System.nanoTime() + Duration.ofSeconds(
                Long.parseLong(System.getenv().getOrDefault("BFIA_WARMUP_MAX", "600"))).toNanos();
        for (int i = 1; ; i++) {
            long compiled = compileMillis(pids);
            long start = System.nanoTime();
            double signed = throughput(signedA, token, body, round, new AtomicInteger());
            double unsigned = throughput(unsignedA, token, body, round, new AtomicInteger());
            double share = coresCompiling(pids, compiled, start);
            System.out.printf("warm-up round %d: signed %.1f jobs/s, unsigned %.1f jobs/s, JIT compilers %.1f %% of "
                    + "the two cores%n", i, signed, unsigned, share * 100);
            if (share <= settled || System.nanoTime() > limit) {
                return;
            }
        }
    }

    private static void printCompiling(List<Long> pids, long compiledBefore, long since) throws Exception {
        System.out.printf("  the six nodes' JIT compilers during these jobs: %.1f %% of the two cores%n",
                coresCompiling(pids, compiledBefore, since) * 100);
    }

    /** The share of the machine's two cores the nodes' compilers took since {@code since} (System.nanoTime). */
    private static double coresCompiling(List<Long> pids, long compiledBefore, long since) throws Exception {
        double elapsedMillis = (System.nanoTime() - since) / 1e6;
        return (compileMillis(pids) - compiledBefore) / (2 * elapsedMillis);
    }

    /**
     * The CPU time the nodes' JIT compiler threads have used, summed, from /proc (the nodes run on
     * this machine). Micrometer's jvm.compilation.time would not do: it counts a compilation's
     * elapsed time, and on 2 cores a compiler thread waits for a core most of that time.
     */
    private static long compileMillis(List<Long> pids) throws Exception {
        long ticks = 0;
        for (long pid : pids) {
            List<Path> threads;
            try (Stream<Path> listed = Files.list(Path.of("/proc/" + pid + "/task"))) {
                threads = listed.toList();
            }
            for (Path thread : threads) {
                try {
                    String comm = Files.readString(thread.resolve("comm")).strip();
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        String stat = Files.readString(thread.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (NoSuchFileException threadEnded) {
                    // HotSpot starts and stops compiler threads as work comes and goes: one that ended
                    // took its time with it, so a share is a lower bound when that happens
                }
            }
        }
        return ticks * 1000 / USER_HZ;
    }

    /**
     * The CPU time (user and system) the six nodes and their PostgreSQL servers have used, with the
     * processes they started, from /proc. A process that ended and was waited for counts in its
     * parent's children's times, so the figure is whole across backends that come and go.
     */
    private static long federationCpuMillis(Path dataRoot, List<Long> nodePids) throws Exception {
        List<Long> roots = new ArrayList<>(nodePids);
        try (Stream<Path> files = Files.find(dataRoot, 6, (path, attributes) -> path.getFileName().toString()
                .equals("postmaster.pid"))) {
            for (Path file : files.toList()) {
                roots.add(Long.parseLong(Files.readAllLines(file).get(0).strip()));
            }
        }
        long ticks = 0;
        for (long root : roots) {
            List<Long> tree = new ArrayList<>(List.of(root));
            ProcessHandle.of(root).ifPresent(process -> process.descendants().forEach(d -> tree.add(d.pid())));
            for (long pid : tree) {
                try {
                    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // utime, stime, cutime, cstime
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                            + Long.parseLong(fields[14]);
                } catch (NoSuchFileException ended) {
                    // ended between the listing and the read: its parent counts it once it is waited for
                }
            }
        }
        return ticks * 1000 / USER_HZ;
    }

    private static double millis(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * quantile) - 1)] / 1e6;
    }

    /** Jobs per second with 8 submitters; {@code finished} counts the jobs. */
    private static double throughput(String a, String token, String body, Duration window, AtomicInteger finished)
            throws Exception {
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
        submitters.shutdown();
        return finished.get() / ((System.nanoTime() - started) / 1e9);
    }

    /**
     * Median of 500 status_all calls, as a peer asks it (signed when the node checks): each is
     * verified, then answered from the database (a job the bench takes no part in: "no job", 404, as
     * every version of the node answers it). The calls are signed before the clock runs: the bench's
     * own signing, in a JVM that has not compiled it yet, is not the node's round trip.
     */
    private static double roundTrip(String node, boolean sign) throws Exception {
        long[] rtts = new long[500];
        for (int i = 0; i < 50; i++) {
            send(eastWest(node, sign), 404);
        }
        List<HttpRequest> calls = new ArrayList<>();
        for (int i = 0; i < rtts.length; i++) {
            calls.add(eastWest(node, sign));
        }
        for (int i = 0; i < rtts.length; i++) {
            long t0 = System.nanoTime();
            send(calls.get(i), 404);
            rtts[i] = System.nanoTime() - t0;
        }
        Arrays.sort(rtts);
        return rtts[rtts.length / 2] / 1e6;
    }

    /** The bench signs up with node-b as node "bench", so its bare calls are checked like a peer's. */
    private static void signUp(String node, String token) throws Exception {
        String card = "{\"node_id\":\"bench\",\"base_url\":\"http://127.0.0.1:9\",\"algorithm\":\"SHA256_ECDSA\","
                + "\"public_key\":\"" + Base64.getEncoder().encodeToString(BENCH_KEY.getPublic().getEncoded()) + "\"}";
        send(HttpRequest.newBuilder(URI.create(node + "/admin/trust/peers")).header("token", token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(card)).build());
    }

    /** The jobs of the sequential phase: their components' times are what one job sees. */
    private static final List<String> SEQUENTIAL = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The last finished job of each federation (by node-a's URL). */
    private static final Map<String, String> LAST_JOB = new ConcurrentHashMap<>();

    /** One job of the sequential phase. */
    private static long sequentialJob(String a, String token, String body) throws Exception {
        long nanos = runJob(a, token, body);
        SEQUENTIAL.add(LAST_JOB.get(a));
        return nanos;
    }

    /**
     * Creates a job at node-a and waits until node-a reports it finished; returns nanoseconds. It
     * asks status_all with a wait, so node-a answers once the job has ended: asking every few
     * milliseconds instead kept a third of a core busy answering the bench, and added up to one
     * interval to each figure.
     */
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
                    + jobId + "&wait=20")).header("token", token).GET().build());
            Matcher status = STATUS.matcher(state);
            if (status.find() && (status.group(1).equals("FINISHED") || status.group(1).equals("REJECTED"))) {
                Matcher result = RESULT.matcher(state);
                if (!result.find() || !result.group(1).equals("SUCCESS")) {
                    throw new IllegalStateException("job did not succeed: " + state);
                }
                LAST_JOB.put(a, jobId);
                return System.nanoTime() - t0;
            }
        }
    }

    /** A bare east-west call: status_all of a job the node does not have. */
    private static HttpRequest eastWest(String node, boolean sign) {
        String query = "job_id=job-bench" + UUID.randomUUID().toString().replace("-", "");
        String source = sign ? "bench" : "node-a";
        String nonce = UUID.randomUUID().toString();
        String timestamp = Long.toString(System.currentTimeMillis());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node + "/v1/interconn/schedule/job/status_all?"
                + query)).header("x-source-node-id", source).header("x-target-node-id", "node-b")
                .header("x-nonce", nonce).header("x-timestamp", timestamp).header("x-trace-id", "bench");
        if (sign) {
            request.header("x-auth-sign", RequestSignature.sign(BENCH_KEY.getPrivate(), new CanonicalRequest("GET",
                    "/v1/interconn/schedule/job/status_all", query, source, "node-b", nonce, timestamp, "bench", null,
                    CanonicalRequest.sha256Hex(new byte[0]))));
        }
        return request.GET().build();
    }

    private static double meanComponentMillis(Path root) throws Exception {
        List<Long> millis = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.getFileName().toString().equals("debug.log"))
                    .filter(p -> SEQUENTIAL.stream().anyMatch(job -> p.toString().contains(job))).toList()) {
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
        return send(request, 200);
    }

    private static String send(HttpRequest request, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
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

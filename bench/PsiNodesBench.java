import io.hutong.components.internal.CurveLoop;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An ECDH-PSI job between two Hutong nodes (bench/psi.sh): the tight loop of X25519 on one core first,
 * then datasets loaded at each node, the job run to its end, and the figures: wall time, each node's
 * peak heap, the multiplications per second per core end to end and their ratio to the tight loop.
 *
 * <p>Usage: {@code PsiNodesBench <node-a url> <node-b url> <admin token> <data root> <pids> [ids] [overlap %]}
 */
public final class PsiNodesBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern JOB_ID = Pattern.compile("\"job_id\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"job_status\":\"([A-Z]+)\"");
    private static final Pattern RESULT = Pattern.compile("\"result\":\"([A-Z]+)\"");
    private static final Pattern ROWS = Pattern.compile("\"rows\":(\\d+)");
    private static final Pattern VALUE = Pattern.compile("\"value\":([0-9.Ee+]+)");
    private static final long USER_HZ = 100;

    public static void main(String[] args) throws Exception {
        String a = args[0];
        String b = args[1];
        String token = args[2];
        Path root = Path.of(args[3]);
        List<Long> pids = Stream.of(args[4].split(",")).map(Long::parseLong).toList();
        long items = args.length > 5 ? Long.parseLong(args[5]) : 1_000_000;
        int overlap = args.length > 6 ? Integer.parseInt(args[6]) : 50;
        int cores = Runtime.getRuntime().availableProcessors();

        String engine = CurveLoop.componentEngine();
        double tight = CurveLoop.perSecond(engine, Duration.ofSeconds(5));
        System.out.printf("X25519 tight loop on one core (%s, per second of its CPU time): %,.0f%n", engine, tight);

        long common = items * overlap / 100;
        Path guest = root.resolve("guest.csv");
        Path host = root.resolve("host.csv");
        write(guest, 0, items);
        write(host, items - common, items);
        long loadStart = System.nanoTime();
        load(a, token, "bench/guest", guest);
        load(b, token, "bench/host", host);
        System.out.printf("loaded %,d ids at each node through the datasets API in %.1f s%n", items,
                (System.nanoTime() - loadStart) / 1e9);

        AtomicLongArray peak = new AtomicLongArray(2);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                for (int i = 0; i < 2; i++) {
                    try {
                        long used = heapUsed(i == 0 ? a : b);
                        peak.accumulateAndGet(i, used, Math::max);
                    } catch (Exception ignored) {
                        // a sample lost changes no peak
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        long cpuBefore = cpuMillis(pids);
        long start = System.nanoTime();
        String created = send(post(a + "/v1/platform/schedule/job/create_all", token, job()));
        Matcher id = JOB_ID.matcher(created);
        if (!id.find()) {
            throw new IllegalStateException("not created: " + created);
        }
        String jobId = id.group(1);
        String state;
        while (true) {
            state = send(HttpRequest.newBuilder(URI.create(a + "/v1/platform/schedule/job/status_all?job_id=" + jobId
                    + "&wait=20")).header("token", token).GET().build());
            Matcher status = STATUS.matcher(state);
            if (status.find() && (status.group(1).equals("FINISHED") || status.group(1).equals("REJECTED"))) {
                break;
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuMillis(pids) - cpuBefore) / 1000.0;
        running.set(false);
        Matcher result = RESULT.matcher(state);
        if (!result.find() || !result.group(1).equals("SUCCESS")) {
            throw new IllegalStateException("the job did not succeed: " + state);
        }
        for (String node : List.of(a, b)) {
            String outputs = send(HttpRequest.newBuilder(URI.create(node
                    + "/v1/platform/schedule/job/outputs?job_id=" + jobId)).header("token", token).GET().build());
            Matcher rows = ROWS.matcher(outputs);
            if (!rows.find() || Long.parseLong(rows.group(1)) != common) {
                throw new IllegalStateException("wrong intersection at " + node + ", expected " + common + " rows: "
                        + outputs);
            }
        }

        double multiplications = 2.0 * (items + items);
        double perCore = multiplications / wall / cores;
        System.out.printf("%nECDH-PSI job, %,d x %,d ids, %d %% overlap (%,d in common at both), curve25519, %d cores:%n",
                items, items, overlap, common, cores);
        System.out.printf("  wall time, create_all to the job's end     %8.1f s%n", wall);
        System.out.printf("  peak heap (sampled)   node-a %,6d MB   node-b %,6d MB   (-Xmx%s)%n", peak.get(0) >> 20,
                peak.get(1) >> 20, System.getenv().getOrDefault("PSI_HEAP", "512m"));
        System.out.printf("  multiplications over both parties          %,10.0f%n", multiplications);
        System.out.printf("  end to end, per core                       %,10.0f /s   (goal >= 16,000)%n", perCore);
        System.out.printf("  wall time / tight loop's time for them on one core   %.2f   (goal <= 1.30)%n",
                wall / (multiplications / tight));
        System.out.printf("  CPU of both nodes and their databases during the job: %.1f s (%.0f %% of wall x cores)%n", cpu,
                100 * cpu / (wall * cores));
    }

    private static String job() {
        return """
                {"flow_id": "psi-bench", "dag": {"version": "2.0.0", "components": [{"name": "psi",
                  "componentName": "Intersection", "version": "1.0.0", "provider": "hutong", "input": [],
                  "output": [{"key": "train_data", "type": "dataset"}]}]},
                 "config": {"version": "2.0.0", "initiator": {"role": "guest", "node_id": "node-a"},
                  "role": {"guest": ["node-a"], "host": ["node-b"]},
                  "job_params": {"common": {"sync_type": "callback", "task_timeout": 86400}},
                  "task_params": {"guest": {"0": {"psi": {"dataset_id": "bench#guest"}}},
                                  "host": {"0": {"psi": {"dataset_id": "bench#host"}}}}}}""";
    }

    private static long heapUsed(String node) throws Exception {
        String body = send(HttpRequest.newBuilder(URI.create(node + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                .GET().build());
        Matcher value = VALUE.matcher(body);
        return value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
    }

    /** User and system CPU of the nodes and everything they started (their PostgreSQL servers), from /proc. */
    private static long cpuMillis(List<Long> pids) throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            List<Long> tree = new java.util.ArrayList<>(List.of(pid));
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> tree.add(d.pid())));
            for (long each : tree) {
                try {
                    String stat = Files.readString(Path.of("/proc/" + each + "/stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                            + Long.parseLong(fields[14]);
                } catch (java.nio.file.NoSuchFileException ended) {
                    // counted in its parent's children's times once waited for
                }
            }
        }
        return ticks * 1000 / USER_HZ;
    }

    /** {@code count} distinct 18-digit ids from the id numbered {@code first} on, with a second column. */
    private static void write(Path file, long first, long count) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,row\n");
            for (long i = first; i < first + count; i++) {
                out.write(Long.toString(100_000_000_000_000_000L + i * 7919));
                out.write(',');
                out.write(Long.toString(i));
                out.write('\n');
            }
        }
    }

    private static void load(String node, String token, String dataset, Path csv) throws Exception {
        send(HttpRequest.newBuilder(URI.create(node + "/api/datasets/" + dataset)).header("token", token)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(csv)).build());
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
}

import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.create;
import static io.hutong.support.BfiaJobsFixture.dag;

import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import io.hutong.support.standin.KusciaStandIn;
import io.hutong.support.standin.UnitBehaviour;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A two-party Noop chain (c1 → c2) scheduled by Hutong node-a, once with a Hutong host (node-b) and once
 * with a Kuscia-shaped host (the test tree's stand-in, which follows what Kuscia sends and reads), job by
 * job in turns so both see the same noise: end-to-end latency p50/p90 of each and their ratio.
 *
 * <p>Two rounds. In the first, both jobs say {@code sync_type: poll}, so node-a learns both hosts' ends by
 * polling at the same {@code hutong.interconn.poll-interval}: what differs is only the dialect. In the
 * second, the Hutong host calls back, while a Kuscia host still can only be polled: that ratio includes
 * the poll interval, which is the peer's nature rather than the dialect's cost. The stand-in's units end
 * at once, as Noop does.
 *
 * <p>Usage: {@code DialectChainBench [jobs per host and round] [poll interval ms]}
 */
public final class DialectChainBench {

    private static final Map<String, Object> DATASET = Map.of("namespace", "demo", "name", "ids");

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long pollMillis = args.length > 1 ? Long.parseLong(args[1]) : 100;
        try (Federation federation = new Federation("--hutong.interconn.poll-interval=" + pollMillis + "ms",
                "--hutong.interconn.poll-sweep=" + Math.max(10, pollMillis / 5) + "ms",
                "--logging.level.root=WARN");
                KusciaStandIn kuscia = KusciaStandIn.builder("alice").pollInterval(Duration.ofMillis(pollMillis))
                        .statusSyncInterval(Duration.ofMillis(pollMillis)).start()) {
            kuscia.unitBehaviour(UnitBehaviour.succeedAfter(Duration.ZERO));
            federation.admit(kuscia);
            Api a = federation.api("node-a");
            System.out.printf("two-party Noop chain scheduled by node-a; poll interval %d ms; %d jobs per host and round%n",
                    pollMillis, jobs);
            System.out.println("warming up (" + Math.max(30, jobs / 4) + " jobs of each kind)");
            round(a, kuscia.nodeId(), "poll", Math.max(30, jobs / 4), false);
            round(a, kuscia.nodeId(), "poll", jobs, true);
            round(a, kuscia.nodeId(), "callback", jobs, true);
        }
        System.exit(0);
    }

    private static void round(Api a, String kuscia, String syncType, int jobs, boolean print) throws Exception {
        List<Long> hutong = new ArrayList<>();
        List<Long> standIn = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            hutong.add(job(a, "node-b", syncType, false));
            standIn.add(job(a, kuscia, syncType, true));
        }
        if (!print) {
            return;
        }
        double hutongP50 = percentile(hutong, 50);
        double kusciaP50 = percentile(standIn, 50);
        System.out.printf("sync_type %-8s Hutong host p50 %6.1f ms  p90 %6.1f ms | Kuscia host p50 %6.1f ms  p90 %6.1f ms"
                + " | Kuscia ÷ Hutong p50 %.3f%n", syncType, hutongP50, percentile(hutong, 90), kusciaP50,
                percentile(standIn, 90), kusciaP50 / hutongP50);
    }

    /** Creates the job and asks node-a every 5 ms until it reports the job ended; returns ms. */
    private static long job(Api a, String host, String syncType, boolean kusciaHost) {
        long started = System.nanoTime();
        String jobId = create(a, dag(List.of(component("c1", "Noop"), component("c2", "Noop", "c1"))),
                config(host, syncType, kusciaHost));
        while (true) {
            if (System.nanoTime() - started > 60_000_000_000L) {
                throw new IllegalStateException("job " + jobId + " with host " + host + " has not ended after 60 s: "
                        + a.get("/v1/platform/schedule/job/status_all?job_id=" + jobId, NodeIT.ADMIN_TOKEN).text());
            }
            Api.Response state = a.get("/v1/platform/schedule/job/status_all?job_id=" + jobId, NodeIT.ADMIN_TOKEN);
            String status = state.data().path("job_status").asString();
            if (status.equals("FINISHED") || status.equals("REJECTED")) {
                if (!state.data().path("result").asString().equals("SUCCESS")) {
                    throw new IllegalStateException("job " + jobId + " with host " + host + " ended " + state.text());
                }
                return (System.nanoTime() - started) / 1_000_000;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** node-a as guest and {@code host}, each named for both components, as Kuscia needs. */
    private static Map<String, Object> config(String host, String syncType, boolean kusciaHost) {
        Map<String, Object> taskParams = new LinkedHashMap<>();
        taskParams.put("guest", Map.of("0", Map.of("c1", Map.of(), "c2", Map.of())));
        taskParams.put("host", Map.of("0", Map.of("c1", kusciaHost ? DATASET : Map.of(), "c2", Map.of())));
        return Map.of("version", "2.0.0", "initiator", Map.of("role", "guest", "node_id", "node-a"),
                "role", Map.of("guest", List.of("node-a"), "host", List.of(host)),
                "job_params", Map.of("common", Map.of("sync_type", syncType)), "task_params", taskParams);
    }

    private static double percentile(List<Long> values, int percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}

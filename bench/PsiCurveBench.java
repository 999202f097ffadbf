import io.hutong.components.StandInNodes;
import io.hutong.components.internal.CurveLoop;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Intersection's curve arithmetic in a tight loop next to a whole run of the component, in one run:
 *
 * <ol>
 *   <li>X25519 multiplications per second of CPU time on one core with each engine (the component
 *       takes the first that runs here);
 *   <li>two Intersection processes on this machine ({@code java -Xmx512m -cp … io.hutong.components.Intersection},
 *       guest and host), talking through stand-in transport nodes in this JVM, on generated
 *       datasets of 18-digit ids: wall time, each party's result line and peak heap (from its GC
 *       log, before and after a collection), the multiplications per second per core end to end
 *       (2 × (guest's + host's items) ÷ wall time ÷ cores) and its ratios to the tight loop; then the
 *       CPU time both parties used, which unlike the wall time does not depend on what else runs on
 *       the machine (the load average is printed too).
 * </ol>
 * Prints figures; asserts nothing but that both parties found the expected intersection.
 *
 * <p>Usage: {@code PsiCurveBench <component classpath> [items per party] [overlap %] [curve_type]}
 */
public final class PsiCurveBench {

    private static final Pattern HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)");

    public static void main(String[] args) throws Exception {
        String classpath = args[0];
        long items = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int overlap = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        String curve = args.length > 3 ? args[3] : "curve25519";
        String heap = System.getenv().getOrDefault("PSI_HEAP", "512m");
        int cores = Runtime.getRuntime().availableProcessors();

        System.out.println("X25519 tight loop on one core (multiplications per second of its CPU time, 5 s after 5 s of warm-up):");
        double tight = 0;
        for (String engine : CurveLoop.engines()) {
            double rate = CurveLoop.perSecond(engine, Duration.ofSeconds(5));
            boolean used = engine.equals(CurveLoop.componentEngine());
            tight = used ? rate : tight;
            System.out.printf("  %-14s %,10.0f%s%n", engine, rate, used ? "   <- the component's engine here" : "");
        }

        Path root = Files.createTempDirectory("hutong-psi-bench-");
        long common = items * overlap / 100;
        write(root.resolve("guest/space/ids"), 0, items);
        write(root.resolve("host/space/ids"), items - common, items);
        System.out.printf("%nEnd to end: %,d x %,d ids, %d %% overlap, %s, two processes with -Xmx%s on %d cores%n", items,
                items, overlap, curve, heap, cores);
        try (StandInNodes nodes = StandInNodes.unrecorded("node-a", "node-b")) {
            String loadBefore = load();
            double cpuBefore = childrenCpuSeconds();
            long start = System.nanoTime();
            Process guest = launch(classpath, heap, root, "guest.0", "node-a", nodes, curve);
            Process host = launch(classpath, heap, root, "host.0", "node-b", nodes, curve);
            int guestExit = guest.waitFor();
            int hostExit = host.waitFor();
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = childrenCpuSeconds() - cpuBefore;
            for (String party : List.of("guest.0", "host.0")) {
                System.out.printf("  %-8s %s; %s%n", party, result(root, party), peakHeap(root, party));
            }
            if (guestExit != 0 || hostExit != 0) {
                System.out.println("  FAILED: exit codes " + guestExit + " and " + hostExit + "; logs in " + root);
                System.exit(1);
            }
            String expected = "\"intersection_count\":" + common;
            if (!result(root, "guest.0").contains(expected) || !result(root, "host.0").contains(expected)) {
                System.out.println("  WRONG: expected " + expected + "; logs in " + root);
                System.exit(1);
            }
            double multiplications = 2.0 * (items + items);
            double perCore = multiplications / wall / cores;
            System.out.printf("  wall time                                   %10.1f s%n", wall);
            System.out.printf("  multiplications (2 per item at each party)  %,10.0f%n", multiplications);
            System.out.printf("  end to end, per core                        %,10.0f /s%s%n", perCore,
                    curve.equals("curve25519") ? "   (goal >= 16,000)" : "");
            System.out.printf("  CPU time of both parties %.1f s = %.0f %% of wall time x cores%n", cpu, 100 * cpu / (wall * cores));
            // the tight loop is X25519's: an SM2 run has nothing to be compared with
            if (curve.equals("curve25519")) {
                System.out.printf("  wall time / tight loop's time for them on one core   %.2f   (goal <= 1.30)%n",
                        wall / (multiplications / tight));
                System.out.printf("  end to end per core / tight loop on one core         %.2f%n", perCore / tight);
                // the CPU the parties used does not depend on what else runs on the machine; the wall time does
                System.out.printf("  tight loop's CPU time for the same multiplications / the parties' CPU time   %.2f%n",
                        multiplications / tight / cpu);
            }
            System.out.printf("  load average before and after: %s, %s%n", loadBefore, load());
        }
        deleteTree(root);
    }

    /** User and system CPU seconds of this JVM's ended children (Linux: cutime and cstime of /proc/self/stat). */
    private static double childrenCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields from the state on: cutime and cstime are the 16th and 17th of the line, in clock ticks of 1/100 s
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0;
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    /** A dataset of {@code count} distinct 18-digit ids, from the id numbered {@code first} on. */
    private static void write(Path file, long first, long count) throws IOException {
        Files.createDirectories(file.getParent());
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

    private static Process launch(String classpath, String heap, Path root, String party, String node,
            StandInNodes nodes, String curve) throws IOException {
        Path directory = root.resolve(party.substring(0, party.indexOf('.')));
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx" + heap,
                "-Xlog:gc:file=" + directory.resolve("gc.log"), "-cp", classpath, "io.hutong.components.Intersection")
                .redirectOutput(directory.resolve("info.log").toFile())
                .redirectError(directory.resolve("error.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("system.storage", directory.toUri().toString());
        env.put("system.transport", nodes.address(node));
        env.put("config.self_role", party);
        env.put("config.task_id", "task_bench");
        env.put("config.session_id", "task_bench");
        env.put("config.node_id.guest.0", "node-a");
        env.put("config.node_id.host.0", "node-b");
        env.put("runtime.component.input.train_data", "{\"namespace\":\"space\",\"name\":\"ids\"}");
        env.put("runtime.component.output.train_data", "{\"namespace\":\"out\",\"name\":\"ids\"}");
        env.put("runtime.component.parameter.curve_type", curve);
        return builder.start();
    }

    private static String result(Path root, String party) throws IOException {
        Path log = root.resolve(party.substring(0, party.indexOf('.'))).resolve("info.log");
        return Files.readAllLines(log).stream().filter(line -> line.contains(" result: ")).findFirst()
                .map(line -> line.substring(line.indexOf(" result: ") + 1)).orElse("no result line");
    }

    /** From the GC log: the most heap in use before a collection, and the most still in use after one. */
    private static String peakHeap(Path root, String party) throws IOException {
        long before = 0;
        long after = 0;
        Path log = root.resolve(party.substring(0, party.indexOf('.'))).resolve("gc.log");
        for (String line : Files.readAllLines(log)) {
            Matcher m = HEAP.matcher(line);
            if (m.find()) {
                before = Math.max(before, Long.parseLong(m.group(1)));
                after = Math.max(after, Long.parseLong(m.group(2)));
            }
        }
        return "peak heap " + before + " MB before a collection, " + after + " MB after one";
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}

package io.hutong.standin;

import io.hutong.sr25519.Sr25519;
import io.hutong.sr25519.Ss58;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a stand-in dbc_client for demos:
 * {@code java -jar hutong-dbc-standin-exec.jar --port=5002 --machines=machines.json --create-delay=30s}.
 * Without {@code --machines} it serves one demo machine rented by a fresh wallet and prints that
 * wallet and its seed, to register with Hutong.
 */
public final class StandinMain {

    private StandinMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                System.err.println("usage: --port=5002 --host=127.0.0.1 --machines=FILE --create-delay=30s "
                        + "--transition-delay=5s --transfer-duration=60s");
                System.exit(2);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        StandinDbcClient.Builder builder = StandinDbcClient.builder()
                .host(options.getOrDefault("host", "127.0.0.1"))
                .port(Integer.parseInt(options.getOrDefault("port", "5002")))
                .createDelay(duration(options.getOrDefault("create-delay", "30s")))
                .transitionDelay(duration(options.getOrDefault("transition-delay", "5s")))
                .transferDuration(duration(options.getOrDefault("transfer-duration", "60s")));
        if (options.containsKey("machines")) {
            builder.machines(readMachines(Path.of(options.get("machines"))));
        } else {
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            String wallet = Ss58.encode(Sr25519.fromSeed(seed).publicKey());
            String nodeId = HexFormat.of().formatHex(Sr25519.fromSeed(seed).publicKey());
            builder.machine(StandinMachine.builder(nodeId).name("demo-gpu").image("ubuntu-22.04.qcow2")
                    .image("windows-10.qcow2").renter(wallet).build());
            System.out.println("demo machine " + nodeId + " rented by wallet " + wallet);
            System.out.println("demo wallet seed (for --hutong.dbc.clients.demo.seed): 0x"
                    + HexFormat.of().formatHex(seed));
        }
        StandinDbcClient standin = builder.start();
        System.out.println("stand-in dbc_client " + StandinDbcClient.VERSION + " listening on " + standin.baseUri()
                + "/api/v1");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standin.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m} or an ISO-8601 duration. */
    static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        if (text.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        return Duration.parse(text);
    }

    /**
     * A machines file: {@code {"machines": [{"node_id", "name", "gpus", "cpu_cores", "mem_gb",
     * "disk_gb", "images": [], "broken_images": [], "renters": [], "rent_end"}]}}.
     */
    static List<StandinMachine> readMachines(Path file) throws Exception {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
        List<StandinMachine> machines = new ArrayList<>();
        for (JsonNode m : root.path("machines")) {
            StandinMachine.Builder machine = StandinMachine.builder(m.path("node_id").asString())
                    .name(m.path("name").asString("standin-gpu")).gpus(m.path("gpus").asInt(4))
                    .cpuCores(m.path("cpu_cores").asInt(32)).memGb(m.path("mem_gb").asInt(128))
                    .diskGb(m.path("disk_gb").asInt(2000));
            m.path("images").forEach(i -> machine.image(i.asString()));
            m.path("broken_images").forEach(i -> machine.brokenImage(i.asString()));
            m.path("renters").forEach(r -> machine.renter(r.asString()));
            if (m.hasNonNull("rent_end")) {
                machine.rentEnd(Instant.parse(m.path("rent_end").asString()));
            }
            machines.add(machine.build());
        }
        return machines;
    }
}

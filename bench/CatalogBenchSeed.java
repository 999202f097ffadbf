import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For the catalog benchmark. {@code catalog <file> <offers>} writes a catalog file of about that
 * many offers: 5 cloud providers × 20 regions × 4 zones × instance types (CPU and GPU types of five
 * accelerator models, prices and stock from a fixed seed). {@code users <base url> <admin token>
 * <wrk script>} makes 50 users, each with a token and a resource pack, and writes a wrk script
 * that sends a typical multi-constraint query_computing_resources as a random one of them.
 */
public final class CatalogBenchSeed {

    private static final String[] MODELS = {"T4", "V100", "A10", "A100", "H800"};
    private static final String[] INDUSTRIES = {"finance", "government", "healthcare", "education", "manufacturing",
        "energy", "retail"};

    public static void main(String[] args) throws Exception {
        if (args[0].equals("catalog")) {
            catalog(Path.of(args[1]), Integer.parseInt(args[2]));
        } else {
            users(args[1], args[2], Path.of(args[3]));
        }
    }

    private static void catalog(Path file, int offers) throws Exception {
        int providers = 5;
        int regions = 20;
        int zones = 4;
        int types = Math.max(1, offers / (providers * regions * zones));
        Random random = new Random(7);
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("providers:\n");
            for (int p = 0; p < providers; p++) {
                out.write("  - name: cloud" + p + "\n    reliability: " + (0.95 + p * 0.01) + "\n    instance_types:\n");
                List<String> names = new ArrayList<>();
                for (int t = 0; t < types; t++) {
                    int vcpus = 2 << random.nextInt(7);
                    int ratio = 2 << random.nextInt(3);
                    double price = vcpus * ratio * 0.03 * (0.8 + random.nextDouble() * 0.4);
                    String gpu = "";
                    if (random.nextInt(10) < 4) {
                        int model = random.nextInt(MODELS.length);
                        int count = 1 << random.nextInt(4);
                        price += count * (2 + 8 * (model + 1) * random.nextDouble());
                        gpu = ", accelerator: " + MODELS[model] + ", accelerator_count: " + count;
                    }
                    String spot = random.nextBoolean() ? String.format(Locale.ROOT,
                            ", interruptible_price_per_hour: %.2f", price * 0.35) : "";
                    String name = "t" + t + "." + vcpus + "c" + vcpus * ratio + "g";
                    names.add(name);
                    out.write(String.format(Locale.ROOT, "      - { name: %s, vcpus: %d, memory_gib: %d, disk_gib: %d, "
                            + "price_per_hour: %.2f%s%s }%n", name, vcpus, vcpus * ratio, 40 * vcpus, price, gpu, spot));
                }
                out.write("    regions:\n");
                for (int r = 0; r < regions; r++) {
                    out.write(String.format(Locale.ROOT, "      - id: region-%02d%n        price_factor: %.2f%n"
                            + "        zones:%n", r, 0.85 + random.nextDouble() * 0.3));
                    for (int z = 0; z < zones; z++) {
                        out.write(String.format(Locale.ROOT, "          - id: region-%02d-az%d-p%d%n"
                                + "            industries: [%s, %s]%n            offers: {", r, z, p,
                                INDUSTRIES[random.nextInt(INDUSTRIES.length)],
                                INDUSTRIES[random.nextInt(INDUSTRIES.length)]));
                        for (int t = 0; t < types; t++) {
                            out.write((t == 0 ? " " : ", ") + names.get(t) + ": " + random.nextInt(40));
                        }
                        out.write(" }\n");
                    }
                }
            }
        }
        System.out.printf("catalog of %,d offers written to %s%n", providers * regions * zones * types, file);
    }

    private static void users(String base, String admin, Path script) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern id = Pattern.compile("\"id\":\"?(\\d+)");
        Pattern token = Pattern.compile("\"token\":\"([^\"]+)\"");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String user = post(http, base + "/admin/users", admin, "{\"name\":\"catalog-bench-" + System.nanoTime()
                    + "\",\"displayName\":\"bench\"}");
            Matcher userId = id.matcher(user);
            if (!userId.find()) {
                throw new IllegalStateException("no user: " + user);
            }
            post(http, base + "/admin/packs", admin, "{\"userId\":" + userId.group(1) + ",\"packName\":\"bench-pack\","
                    + "\"packDurationType\":\"type.timing\",\"durationSeconds\":360000,\"nodeList\":[{\"nodeName\":"
                    + "\"m\",\"nodeType\":\"nodeType.master\",\"cpuCount\":16,\"gpuCount\":2,\"memorySize\":128}]}");
            Matcher issued = token.matcher(post(http, base + "/admin/users/" + userId.group(1) + "/tokens", admin,
                    "{\"label\":\"bench\"}"));
            if (!issued.find()) {
                throw new IllegalStateException("no token issued");
            }
            tokens.add("\"" + issued.group(1) + "\"");
        }
        Files.writeString(script, """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                local tokens = {%s}
                request = function()
                  wrk.headers["token"] = tokens[math.random(#tokens)]
                  local r = math.random(0, 15)
                  local regions = string.format('"region-%%02d","region-%%02d","region-%%02d","region-%%02d"', r, r + 1, r + 2, r + 4)
                  return wrk.format(nil, nil, nil, '{"source":"ctyun","session_identifier":"bench-' .. math.random(1, 1000000)
                    .. '","data":{"userID":"u-bench","resources":{"accelerator":{"in":["A100","A10"]},"accelerator_count":"1+",'
                    .. '"cpus":"8+","memory":"4x","region":{"in":[' .. regions .. ']},"industry":{"notin":["energy"]},'
                    .. '"max_price_per_hour":60,"hours":8,"provider":["cloud","dbc","pack"]},"limit":10,"rejection_limit":20}}')
                end
                response = function(status, headers, body)
                  if status ~= 200 or not string.find(body, '"code":0', 1, true) then
                    io.stderr:write("unexpected answer: " .. status .. " " .. string.sub(body, 1, 300) .. "\\n")
                  end
                end
                """.formatted(String.join(",", tokens)));
    }

    private static String post(HttpClient http, String url, String admin, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("token", admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (!response.body().contains("General.Success")) {
            throw new IllegalStateException(url + ": " + response.body());
        }
        return response.body();
    }
}

import io.hutong.sr25519.Sr25519;
import io.hutong.sr25519.Ss58;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * DBC figures: sr25519 sign and verify per second, and the gateway's added latency over a direct
 * call to the stand-in dbc_client, measured side by side (calls alternate) in one run.
 * Run by bench/dbc-bench.sh, which starts the stand-in and a Hutong node.
 *
 * <p>args: standinUrl hutongUrl adminToken nodeId seedHex
 */
public class DbcBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String standin = args[0];
        String hutong = args[1];
        String adminToken = args[2];
        String node = args[3];
        Sr25519.KeyPair key = Sr25519.fromSeed(HexFormat.of().parseHex(args[4]));
        String wallet = Ss58.encode(key.publicKey());

        signAndVerify(key);

        String user = post(hutong + "/admin/users", adminToken, "{\"name\": \"bench-" + System.nanoTime() + "\"}");
        String userId = user.replaceAll(".*\"id\":\"(\\d+)\".*", "$1");
        String tokenBody = post(hutong + "/admin/users/" + userId + "/tokens", adminToken, "{}");
        String token = tokenBody.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");

        // the direct caller signs once and reuses its (wallet, nonce, sign): dbc_client does not block replays
        String nonce = "bench-nonce";
        String direct = "{\"peer_nodes_list\": [\"" + node + "\"], \"additional\": {}, \"wallet\": \"" + wallet
                + "\", \"nonce\": \"" + nonce + "\", \"sign\": \"" + HexFormat.of().formatHex(key.sign(nonce)) + "\"}";
        // through the gateway Hutong adds a fresh signature to every request
        String viaGateway = "{\"peer_nodes_list\": [\"" + node + "\"], \"additional\": {}}";
        String directUrl = standin + "/api/v1/tasks";
        String gatewayUrl = hutong + "/dbc/api/v1/tasks";
        check(post(directUrl, null, direct));
        check(post(gatewayUrl, token, viaGateway));

        int warmup = Integer.getInteger("warmup", 500);
        int calls = Integer.getInteger("calls", 3000);
        for (int i = 0; i < warmup; i++) {
            post(directUrl, null, direct);
            post(gatewayUrl, token, viaGateway);
        }
        // the floor of any Hutong call: HTTP and the token check, no routing (GET <prefix>/api/v1/)
        long[] floorNanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            get(hutong + "/dbc/api/v1/", token);
            floorNanos[i] = System.nanoTime() - t0;
        }
        long[] directNanos = new long[calls];
        long[] gatewayNanos = new long[calls];
        long[] added = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            post(directUrl, null, direct);
            long t1 = System.nanoTime();
            post(gatewayUrl, token, viaGateway);
            long t2 = System.nanoTime();
            directNanos[i] = t1 - t0;
            gatewayNanos[i] = t2 - t1;
            added[i] = gatewayNanos[i] - directNanos[i];
        }
        System.out.printf("POST /api/v1/tasks, %d calls each, alternating, one client thread, after %d warm-up pairs%n",
                calls, warmup);
        System.out.printf("direct to stand-in   p50 %s  p90 %s  p99 %s%n", ms(directNanos, 50), ms(directNanos, 90),
                ms(directNanos, 99));
        System.out.printf("through the gateway  p50 %s  p90 %s  p99 %s%n", ms(gatewayNanos, 50), ms(gatewayNanos, 90),
                ms(gatewayNanos, 99));
        System.out.printf("Hutong token check   p50 %s  p90 %s  p99 %s  (GET /dbc/api/v1/, no relay)%n",
                ms(floorNanos, 50), ms(floorNanos, 90), ms(floorNanos, 99));
        System.out.printf("added by the gateway p50 %s  p90 %s  p99 %s  (per-pair difference; goal p50 <= 2 ms)%n",
                ms(added, 50), ms(added, 90), ms(added, 99));
    }

    private static void signAndVerify(Sr25519.KeyPair key) {
        byte[] message = "5q7KRn4d8EmXFFsim8vHBp23N2CpERbD2mWR3WCo1o3teZnGxYEh4N6".getBytes();
        byte[] publicKey = key.publicKey();
        byte[][] signatures = new byte[Integer.getInteger("signatures", 5000)][];
        // the JIT needs a few thousand rounds before the field arithmetic runs at speed
        for (int i = 0; i < 3000; i++) {
            Sr25519.verify(publicKey, Sr25519.SUBSTRATE, message, key.sign(Sr25519.SUBSTRATE, message));
        }
        long start = System.nanoTime();
        for (int i = 0; i < signatures.length; i++) {
            signatures[i] = key.sign(Sr25519.SUBSTRATE, message);
        }
        long signed = System.nanoTime();
        int valid = 0;
        for (byte[] signature : signatures) {
            valid += Sr25519.verify(publicKey, Sr25519.SUBSTRATE, message, signature) ? 1 : 0;
        }
        long verified = System.nanoTime();
        if (valid != signatures.length) {
            throw new IllegalStateException(valid + " of " + signatures.length + " signatures verified");
        }
        System.out.printf("sr25519 sign   %.0f/s (%d signatures, one thread)%n",
                signatures.length * 1e9 / (signed - start), signatures.length);
        System.out.printf("sr25519 verify %.0f/s (%d signatures, one thread)%n",
                signatures.length * 1e9 / (verified - signed), signatures.length);
    }

    private static String post(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("token", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("token", token)
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void check(String answer) {
        if (!answer.replace(" ", "").contains("\"errcode\":0")) {
            throw new IllegalStateException("unexpected answer: " + answer);
        }
    }

    private static String ms(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return String.format("%.3f ms", sorted[Math.max(0, index)] / 1e6);
    }
}

import io.hutong.protocol.CanonicalRequest;
import io.hutong.protocol.RequestSignature;
import io.hutong.protocol.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.UUID;

/**
 * What signing costs per east-west call, for each algorithm: building the canonical string (with
 * the SHA-256 of a 2 KB body, the size of a job/create) and signing it at the sender, building it
 * again and verifying at the receiver. Single thread; median of many calls after a warm-up.
 *
 * <p>Usage: {@code SignatureBench [calls per algorithm]}
 */
public final class SignatureBench {

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        byte[] body = ("{\"job_id\":\"job-0123456789abcdefghijklmnopqrstuv\",\"dag\":" + "x".repeat(1900) + "}")
                .getBytes(StandardCharsets.UTF_8);
        System.out.printf("%-13s %14s %14s %16s   (%d calls each, %d-byte body)%n", "algorithm", "sign (us)",
                "verify (us)", "sign+verify (us)", calls, body.length);
        for (SignatureAlgorithm algorithm : new SignatureAlgorithm[] {SignatureAlgorithm.SHA256_RSA,
                SignatureAlgorithm.SHA256_ECDSA, SignatureAlgorithm.SM2_SM3}) {
            KeyPair key = algorithm.generateKeyPair();
            run(key, body, calls / 2);
            long[][] times = run(key, body, calls);
            double sign = median(times[0]) / 1e3;
            double verify = median(times[1]) / 1e3;
            System.out.printf("%-13s %14.1f %14.1f %16.1f%n", algorithm, sign, verify, sign + verify);
        }
    }

    private static long[][] run(KeyPair key, byte[] body, int calls) {
        long[] sign = new long[calls];
        long[] verify = new long[calls];
        for (int i = 0; i < calls; i++) {
            String nonce = UUID.randomUUID().toString();
            String timestamp = Long.toString(System.currentTimeMillis());
            long t0 = System.nanoTime();
            String signature = RequestSignature.sign(key.getPrivate(), request(nonce, timestamp, body));
            long t1 = System.nanoTime();
            boolean valid = RequestSignature.verify(key.getPublic(), signature, request(nonce, timestamp, body));
            long t2 = System.nanoTime();
            if (!valid) {
                throw new IllegalStateException("signature did not verify");
            }
            sign[i] = t1 - t0;
            verify[i] = t2 - t1;
        }
        return new long[][] {sign, verify};
    }

    private static CanonicalRequest request(String nonce, String timestamp, byte[] body) {
        return new CanonicalRequest("POST", "/v1/interconn/schedule/job/create", "", "node-a", "node-b", nonce,
                timestamp, "trace-bench", null, CanonicalRequest.sha256Hex(body));
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

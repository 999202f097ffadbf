import io.hutong.sr25519.Sr25519;
import io.hutong.sr25519.Ss58;
import java.util.HexFormat;

/** Prints the SS58 wallet of a 32-byte seed given in hex (used by dbc-bench.sh to configure both sides). */
public class Ss58Of {
    public static void main(String[] args) {
        System.out.println(Ss58.encode(Sr25519.fromSeed(HexFormat.of().parseHex(args[0])).publicKey()));
    }
}

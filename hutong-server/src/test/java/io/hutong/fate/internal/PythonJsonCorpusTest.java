package io.hutong.fate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hutong.support.ExternalTools;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares the canonical writer with CPython's own {@code json.dumps(json.loads(line))} over a
 * generated corpus: random nesting, key orders, unicode (supplementary planes, controls, lone
 * surrogates), integers of any size and floats from random bit patterns and random decimal texts.
 * Skipped where no {@code python3} is on the PATH.
 */
class PythonJsonCorpusTest {

    private static final int DOCUMENTS = 4_000;

    @TempDir
    Path dir;

    @Test
    void matchesPythonByteForByte() throws Exception {
        assumeTrue(ExternalTools.available("python3"), "python3 is not on the PATH");
        Random random = new Random(20260101L);
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            StringBuilder json = new StringBuilder();
            value(random, json, 0);
            corpus.add(json.toString());
        }
        Path input = dir.resolve("corpus.jsonl");
        Path output = dir.resolve("python.txt");
        Files.write(input, corpus, StandardCharsets.UTF_8);
        Process python = new ProcessBuilder("python3", "-c", """
                import json, sys
                with open(sys.argv[1], encoding='utf-8') as src, open(sys.argv[2], 'w', encoding='ascii') as out:
                    for line in src:
                        out.write(json.dumps(json.loads(line)) + '\\n')
                """, input.toString(), output.toString()).redirectErrorStream(true).start();
        String log = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(log).isZero();
        List<String> expected = Files.readAllLines(output, StandardCharsets.US_ASCII);
        assertThat(expected).hasSize(DOCUMENTS);
        for (int i = 0; i < DOCUMENTS; i++) {
            String ours = PythonJson.dumps(PythonJson.parse(corpus.get(i).getBytes(StandardCharsets.UTF_8), "body"));
            assertThat(ours).as("document %d: %s", i, corpus.get(i)).isEqualTo(expected.get(i));
        }
    }

    private static void value(Random random, StringBuilder out, int depth) {
        int kind = depth > 4 ? 2 + random.nextInt(5) : random.nextInt(8);
        switch (kind) {
            case 0, 7 -> {
                out.append('{');
                int size = random.nextInt(5);
                for (int i = 0; i < size; i++) {
                    out.append(i == 0 ? "" : random.nextBoolean() ? "," : " , ");
                    string(random, out);
                    out.append(random.nextBoolean() ? ":" : " : ");
                    value(random, out, depth + 1);
                }
                out.append('}');
            }
            case 1 -> {
                out.append('[');
                int size = random.nextInt(6);
                for (int i = 0; i < size; i++) {
                    out.append(i == 0 ? "" : ",");
                    value(random, out, depth + 1);
                }
                out.append(']');
            }
            case 2 -> string(random, out);
            case 3 -> out.append(integer(random));
            case 4 -> out.append(floating(random));
            case 5 -> out.append(floating(random));
            default -> out.append(switch (random.nextInt(3)) {
                case 0 -> "true";
                case 1 -> "false";
                default -> "null";
            });
        }
    }

    private static String integer(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> new BigInteger(1 + random.nextInt(200), random).negate().toString();
            case 2 -> random.nextBoolean() ? "0" : "-0";
            default -> Integer.toString(random.nextInt(1000));
        };
    }

    private static String floating(Random random) {
        switch (random.nextInt(6)) {
            case 0, 1 -> {
                double value;
                do {
                    value = Double.longBitsToDouble(random.nextLong());
                } while (Double.isNaN(value) || Double.isInfinite(value));
                return Double.toString(value);
            }
            case 2 -> {
                // short decimals: most of what real bodies carry
                return (random.nextBoolean() ? "-" : "") + random.nextInt(10_000) + "." + random.nextInt(1000);
            }
            case 3 -> {
                StringBuilder text = new StringBuilder(random.nextBoolean() ? "-" : "");
                text.append(1 + random.nextInt(9));
                int digits = random.nextInt(20);
                for (int i = 0; i < digits; i++) {
                    text.append(random.nextInt(10));
                }
                if (random.nextBoolean()) {
                    text.append('.').append(random.nextInt(100_000));
                }
                return text.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : "+")
                        .append(random.nextInt(340)).toString();
            }
            case 4 -> {
                return Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            }
            default -> {
                return switch (random.nextInt(5)) {
                    case 0 -> "NaN";
                    case 1 -> "Infinity";
                    case 2 -> "-Infinity";
                    case 3 -> "-0.0";
                    default -> "5e-324";
                };
            }
        }
    }

    private static void string(Random random, StringBuilder out) {
        out.append('"');
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            if (pick < 4) {
                out.append(safeAscii(random));
            } else if (pick == 4) {
                out.append(String.format("\\u%04x", random.nextInt(0x20)));
            } else if (pick == 5) {
                out.append(new String(Character.toChars(0x80 + random.nextInt(0xD800 - 0x80))));
            } else if (pick == 6) {
                out.append(new String(Character.toChars(0x10000 + random.nextInt(0x100000))));
            } else if (pick == 7) {
                // lone surrogates only exist as escapes
                out.append(String.format("\\u%04X", 0xD800 + random.nextInt(0x800)));
            } else if (pick == 8) {
                out.append(switch (random.nextInt(6)) {
                    case 0 -> "\\\"";
                    case 1 -> "\\\\";
                    case 2 -> "\\/";
                    case 3 -> "\\n";
                    case 4 -> "\\t";
                    default -> "\\u00e9";
                });
            } else {
                out.append(new String(Character.toChars(0xE000 + random.nextInt(0x2000))));
            }
        }
        out.append('"');
    }

    private static char safeAscii(Random random) {
        char c;
        do {
            c = (char) (' ' + random.nextInt(95));
        } while (c == '"' || c == '\\');
        return c;
    }
}

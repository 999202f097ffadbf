package io.hutong.components.internal;

import io.hutong.components.ComponentContext;
import io.hutong.components.Intersection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * One party's run of Intersection: checks the environment and the dataset before it talks to the
 * peer, runs ECDH-PSI over the link, and writes the output where the result is due, complete or not
 * at all (a hidden file renamed into place). Its working files (the twice-masked values) live in a
 * hidden directory beside the output and go when it ends.
 */
public final class IntersectionComponent {

    static final int FAILED = 1;

    private final ComponentContext context;

    private IntersectionComponent(ComponentContext context) {
        this.context = context;
    }

    public static int run(ComponentContext context) {
        return new IntersectionComponent(context).run();
    }

    private int run() {
        Path work = null;
        Path createdDirectory = null;
        Path temporary = null;
        String failure = null;
        try {
            Settings settings = Settings.from(context.env());
            Dataset input = Dataset.open(settings.input(), settings.inputName(), settings.fieldNames());
            long items = input.count();
            if (items > Integer.MAX_VALUE) {
                throw new ComponentFailure("input train_data: " + items + " rows; at most " + Integer.MAX_VALUE);
            }
            String peerName = settings.peerParty() + " at " + settings.address().peerNode();
            Suite suite = settings.suite();
            context.info().accept("Intersection as " + settings.selfParty() + " (rank " + settings.self() + ") with "
                    + peerName + " (rank " + settings.peer() + "): " + suite.name() + engine(suite) + ", result to "
                    + (settings.resultToRank() < 0 ? "both" : "rank " + settings.resultToRank()) + ", handshake "
                    + (settings.handshake() ? "on" : "off") + "; " + items + " rows of " + settings.inputName()
                    + " keyed by " + input.keyColumns());
            if (settings.output() != null) {
                Path directory = settings.output().getParent();
                if (!Files.isDirectory(directory)) {
                    createdDirectory = directory;
                    Files.createDirectories(directory);
                }
                work = Files.createTempDirectory(directory, "." + settings.output().getFileName() + ".work-");
            }
            EcdhPsi.Terms terms = new EcdhPsi.Terms(suite, settings.self(), settings.peer(), settings.resultToRank(),
                    settings.handshake());
            EcdhPsi.Outcome outcome;
            try (Link link = new Link(new Transport(settings.address(), settings.timeout()), settings.self(),
                    settings.peer(), peerName, settings.timeout());
                    MaskingPool pool = new MaskingPool(suite, suite.newSecret(new SecureRandom()),
                            Runtime.getRuntime().availableProcessors())) {
                link.connect();
                outcome = new EcdhPsi(link, pool, input, items, terms, peerName, work, context.info()).run();
            }
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("original_count", items);
            counts.put("peer_count", outcome.peerItems());
            if (outcome.hits() != null) {
                temporary = Files.createTempFile(settings.output().getParent(), "." + settings.output().getFileName(),
                        ".tmp");
                input.copyRows(outcome.hits(), temporary);
                Files.move(temporary, settings.output(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                temporary = null;
                int found = outcome.hits().cardinality();
                counts.put("intersection_count", found);
                context.info().accept("rank:" + settings.self() + " original_count:" + items + " intersection_count:"
                        + found);
                context.info().accept("wrote output train_data " + settings.outputName() + ": the header and " + found
                        + " rows");
            } else {
                context.info().accept("the result is " + peerName + "'s only: no output here");
            }
            context.info().accept(Intersection.RESULT + JsonMapper.builder().build().writeValueAsString(counts));
            createdDirectory = null;
        } catch (ComponentFailure e) {
            failure = e.getMessage();
        } catch (IOException | UncheckedIOException e) {
            failure = "storage: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "stopped";
        } catch (RuntimeException e) {
            failure = "failed: " + e;
        } finally {
            cleanUp(temporary, work, createdDirectory);
        }
        if (failure != null) {
            context.error().accept("Intersection failed: " + failure);
        }
        callback(failure == null ? "SUCCESS" : "FAILED");
        return failure == null ? 0 : FAILED;
    }

    /** Removes what a run leaves behind: a partial output, the working files, a directory made for nothing. */
    private void cleanUp(Path temporary, Path work, Path createdDirectory) {
        try {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
            if (work != null && Files.exists(work)) {
                try (Stream<Path> tree = Files.walk(work)) {
                    for (Path file : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            if (createdDirectory != null) {
                Files.deleteIfExists(createdDirectory);
            }
        } catch (DirectoryNotEmptyException e) {
            // something else wrote into the directory meanwhile: it stays
        } catch (IOException e) {
            context.error().accept("could not remove the working files: " + e);
        }
    }

    private void callback(String status) {
        try {
            context.callback().report(status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.info().accept("callback " + status + ": stopped");
        } catch (Exception refused) {
            context.info().accept("callback " + status + ": " + refused.getMessage());
        }
    }

    private static String engine(Suite suite) {
        return suite instanceof Curve25519Suite curve ? " (X25519 by " + curve.engine() + ")" : "";
    }
}

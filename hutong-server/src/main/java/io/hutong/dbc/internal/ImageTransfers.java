package io.hutong.dbc.internal;

import io.hutong.web.Paging;
import io.hutong.dbc.internal.DbcStore.TransferRow;
import io.hutong.dbc.internal.DbcWire.ImageProgress;
import io.hutong.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Image operations on a machine, relayed as the client answers them. Downloads and uploads started
 * here are recorded and followed by polling their progress with backoff until they are done or
 * stopped; every status they take is recorded with its time and progress.
 */
@Service
public class ImageTransfers {

    private static final Logger log = LoggerFactory.getLogger(ImageTransfers.class);
    private static final Set<String> OPERATIONS = Set.of("download", "downloadprogress", "download_stop", "upload",
            "uploadprogress", "upload_stop", "delete");
    private static final Set<String> REPORTED = Set.of("transferring", "done", "stopped");
    private static final String TRANSFERRING = "transferring";
    /** Refusals in a row (the client answered, but not with progress) before a transfer is given up as failed. */
    private static final int MAX_FAILURES = 3;

    private final DbcStore store;
    private final VmService vms;
    private final DbcConnector connector;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final DbcProperties.Poll poll;

    ImageTransfers(DbcStore store, VmService vms, DbcConnector connector, Clock clock, TransactionTemplate tx,
            DbcProperties properties) {
        this.store = store;
        this.vms = vms;
        this.connector = connector;
        this.clock = clock;
        this.tx = tx;
        this.poll = properties.poll();
    }

    /** Relays an image operation; a download or upload the client accepts is followed, a stop ends its following. */
    public JsonNode image(long userId, Long accountId, String nodeId, String operation, String filename, String server,
            String localDir) {
        if (!OPERATIONS.contains(operation)) {
            throw ApiException.invalid("operation",
                    "oneOf(download,downloadprogress,download_stop,upload,uploadprogress,upload_stop,delete)");
        }
        if (!filename.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw ApiException.invalid("imageFilename", "pattern([A-Za-z0-9_.-]{1,128})");
        }
        VmService.Route route = vms.route(userId, accountId, nodeId.toLowerCase(Locale.ROOT));
        JsonNode answer = VmService.relay(() -> connector.image(route.target(), operation, filename, server, localDir));
        String node = route.machine().nodeId();
        Instant now = clock.instant();
        switch (operation) {
            case "download", "upload" -> tx.executeWithoutResult(s -> {
                long id = store.insertTransfer(new TransferRow(0, userId, route.client().id(), route.account().id(),
                        node, filename, operation, server, TRANSFERRING, 0, null, now.plus(poll.initial()), 0, 0, now,
                        now));
                store.insertTransferEvent(id, TRANSFERRING, 0, now);
                log.info("Image {} of {} on machine {} for user {} followed as transfer {}", operation, filename,
                        node, userId, id);
            });
            case "download_stop", "upload_stop" -> tx.executeWithoutResult(s -> {
                for (TransferRow transfer : store.followedTransfers(userId, node, filename,
                        operation.substring(0, operation.indexOf('_')))) {
                    store.stopTransfer(transfer.id(), now);
                    store.insertTransferEvent(transfer.id(), "stopped", transfer.progress(), now);
                }
            });
            default -> {
            }
        }
        return answer;
    }

    public List<TransferRow> transfers(long userId, Paging page) {
        return store.transfers(userId, page);
    }

    public long countTransfers(long userId) {
        return store.countTransfers(userId);
    }

    public List<DbcStore.TransferEvent> events(List<TransferRow> transfers) {
        return store.transferEvents(transfers.stream().map(TransferRow::id).toList());
    }

    /** Polls one claimed transfer: records what the client reports and decides when to look again. */
    void poll(TransferRow transfer) {
        ImageProgress report;
        try {
            report = connector.imageProgress(vms.target(transfer.clientId(), transfer.accountId(), transfer.nodeId()),
                    transfer.direction(), transfer.imageFilename());
        } catch (DbcFailure failure) {
            failed(transfer, failure);
            return;
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            TransferRow current = store.lockTransfer(transfer.id()).orElseThrow();
            if (!current.status().equals(TRANSFERRING)) {
                // stopped through the API while the client was being asked
                return;
            }
            String status = REPORTED.contains(report.status()) ? report.status() : current.status();
            int progress = percent(report.progress(), current.progress());
            boolean following = status.equals(TRANSFERRING);
            store.transferAnswered(transfer.id(), status, progress,
                    following ? now.plus(vms.backoff(current.pollAttempts())) : null, now);
            if (!status.equals(current.status())) {
                store.insertTransferEvent(transfer.id(), status, progress, now);
                log.info("Image transfer {} ({} of {} on {}) is {}", transfer.id(), transfer.direction(),
                        transfer.imageFilename(), transfer.nodeId(), status);
            }
        });
    }

    /**
     * An unreachable client is retried until it has been silent for the poll's give-up time; a client that
     * answers with a refusal {@link #MAX_FAILURES} times in a row has lost the transfer.
     */
    private void failed(TransferRow transfer, DbcFailure failure) {
        log.warn("Polling image transfer {} failed: {} ({})", transfer.id(), failure.getMessage(), failure.kind());
        Instant now = clock.instant();
        String error = failure.getMessage() + (failure.errcode() == null ? "" : " (errcode " + failure.errcode() + ")");
        tx.executeWithoutResult(s -> {
            TransferRow current = store.lockTransfer(transfer.id()).orElseThrow();
            if (!current.status().equals(TRANSFERRING)) {
                return;
            }
            boolean refused = failure.kind() != DbcFailure.Kind.UNREACHABLE;
            boolean giveUp = refused ? current.failures() + 1 >= MAX_FAILURES
                    : !now.isBefore(current.updatedAt().plus(poll.giveUp()));
            if (giveUp) {
                store.transferFailed(transfer.id(), "failed", error, null, refused);
                store.insertTransferEvent(transfer.id(), "failed", current.progress(), now);
            } else {
                store.transferFailed(transfer.id(), TRANSFERRING, error,
                        now.plus(vms.backoff(current.pollAttempts())), refused);
            }
        });
    }

    /** {@code "42%"} as 42; what cannot be read keeps the last known progress. */
    private static int percent(String progress, int fallback) {
        String digits = progress == null ? "" : progress.strip().replace("%", "").strip();
        return digits.matches("\\d{1,3}") ? Math.min(100, Integer.parseInt(digits)) : fallback;
    }
}

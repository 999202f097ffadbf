package io.hutong.pack;

import io.hutong.account.CurrentUser;
import io.hutong.pack.internal.PackStore;
import io.hutong.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Resource packs and their time: the operations other features (and the admin API) use. Every
 * change locks the pack row, so concurrent requests and several replicas see one history.
 */
@Service
public class Packs {

    private static final Logger log = LoggerFactory.getLogger(Packs.class);

    private final PackStore store;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Packs(PackStore store, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.clock = clock;
        this.events = events;
    }

    /** What a new pack consists of. For timing packs {@code seconds}; for activity packs the period. */
    public record NewPack(long userId, String packName, DurationType durationType, Long seconds,
            Instant activityStart, Instant activityEnd, Instant buyTime, List<NewNode> nodes) {
    }

    public record NewNode(String nodeName, NodeType nodeType, int cpuCount, int gpuCount, long memorySize,
            int nodeCount) {
    }

    @Transactional
    public Pack create(NewPack pack) {
        Instant now = clock.instant();
        boolean timing = pack.durationType() == DurationType.TIMING;
        Long totalMillis = timing ? Duration.ofSeconds(pack.seconds()).toMillis() : null;
        Instant start = timing ? null : pack.activityStart() != null ? pack.activityStart() : now;
        Instant end = timing ? null : pack.activityEnd();
        boolean spent = timing ? totalMillis == 0 : !now.isBefore(end);
        long id = store.insert(pack.userId(), pack.packName(), pack.durationType(), totalMillis, start, end,
                pack.buyTime() != null ? pack.buyTime() : now, spent ? PackStatus.OUT_OF_TIME : PackStatus.FREE,
                spent ? null : end, now);
        for (int i = 0; i < pack.nodes().size(); i++) {
            NewNode node = pack.nodes().get(i);
            store.insertNode(id, i, node.nodeName(), node.nodeType(), node.cpuCount(), node.gpuCount(),
                    node.memorySize(), node.nodeCount());
        }
        return store.pack(id).orElseThrow();
    }

    /** A pack of this user; another user's pack is as unknown as a missing one. */
    public Pack packOf(CurrentUser user, long packId) {
        return store.pack(packId).filter(p -> p.userId() == user.id())
                .orElseThrow(() -> ApiException.notFound("no resource pack " + packId));
    }

    public Pack pack(long packId) {
        return store.pack(packId).orElseThrow(() -> ApiException.notFound("no resource pack " + packId));
    }

    public Optional<UsageRecord> usage(long usageRecordId) {
        return store.usage(usageRecordId);
    }

    /** One page of packs, newest bought first, and how many there are in all. */
    public record PackPage(List<Pack> packs, long total) {
    }

    /** A user's packs, or every user's when {@code userId} is null (an admin's view). */
    public PackPage page(Long userId, int pageNum, int pageSize) {
        var page = store.packs(new PackStore.PackFilter(userId, null, null, false), List.of(), pageNum, pageSize,
                clock.instant());
        return new PackPage(page.rows(), page.total());
    }

    /** A pack's usage records, newest first, at most {@code limit}. */
    public List<UsageRecord> usagesOf(long packId, int limit) {
        return store.usagesOf(packId, limit);
    }

    /** Usable packs of a user right now (zero marginal cost for the catalog). */
    public List<Pack> usablePacks(long userId) {
        Instant now = clock.instant();
        return store.packs(new PackStore.PackFilter(userId, null, null, true), List.of(), 1, 1000, now).rows();
    }

    /**
     * Starts a training on a free pack of the user: its time starts running down.
     *
     * @param trainId the caller's id of the training; a new one when null
     */
    @Transactional
    public UsageRecord startTraining(CurrentUser user, long packId, String trainId, String trainName) {
        Instant now = clock.instant();
        Pack pack = store.lock(packId).filter(p -> p.userId() == user.id())
                .orElseThrow(() -> ApiException.notFound("no resource pack " + packId));
        switch (pack.status(now)) {
            case TRAINING -> throw ApiException.failure("resource pack " + packId + " is already training (usage record "
                    + pack.trainingUsageId() + "); a pack runs one training at a time");
            case OUT_OF_TIME -> throw ApiException.failure("resource pack " + packId + " is out of time");
            case FREE -> { }
        }
        if (!pack.usable(now)) {
            throw ApiException.failure("resource pack " + packId + " cannot be used before its activity period starts");
        }
        String id = trainId == null || trainId.isBlank() ? UUID.randomUUID().toString() : trainId;
        String name = trainName == null || trainName.isBlank() ? id : trainName;
        long usageId = store.insertUsage(packId, user.id(), user.displayName(), id, name, now);
        Instant deadline = pack.durationType() == DurationType.TIMING ? now.plus(pack.remaining(now))
                : pack.activityEnd();
        store.startTraining(packId, usageId, now, deadline);
        return store.usage(usageId).orElseThrow();
    }

    /** Ends a running training; if the pack ran out before, the record already ended then. */
    @Transactional
    public UsageRecord finishTraining(CurrentUser user, long usageRecordId) {
        UsageRecord usage = store.usage(usageRecordId).filter(u -> u.userId() == user.id())
                .orElseThrow(() -> ApiException.notFound("no usage record " + usageRecordId));
        Pack pack = store.lock(usage.packId()).orElseThrow();
        Instant now = clock.instant();
        if (pack.trainingUsageId() == null || pack.trainingUsageId() != usageRecordId) {
            return store.usage(usageRecordId).orElseThrow();
        }
        if (pack.status(now) == PackStatus.OUT_OF_TIME) {
            expire(pack);
        } else {
            long ran = Duration.between(pack.trainingStartedAt(), now).toMillis();
            boolean spent = pack.durationType() == DurationType.TIMING && pack.usedMillis() + ran >= pack.totalMillis();
            store.closeUsage(usageRecordId, now, "finished");
            store.endTraining(pack.id(), ran, spent ? PackStatus.OUT_OF_TIME : PackStatus.FREE,
                    pack.durationType() == DurationType.ACTIVITY ? pack.activityEnd() : null);
            if (spent) {
                events.publishEvent(new PackOutOfTime(pack.id(), pack.userId(), null, now));
            }
        }
        return store.usage(usageRecordId).orElseThrow();
    }

    /**
     * Moves every pack whose time is up to {@code status.outOfTime}, closing its training at the
     * true moment the time ran out. Called by the sweep; safe to run on several replicas at once.
     *
     * @return how many packs ran out
     */
    @Transactional
    public int expireDue() {
        List<Pack> due = store.lockDue(clock.instant(), 500);
        due.forEach(this::expire);
        return due.size();
    }

    private void expire(Pack pack) {
        Instant at = pack.deadline();
        Long usageId = pack.trainingUsageId();
        if (usageId != null) {
            store.closeUsage(usageId, at, "outOfTime");
            store.endTraining(pack.id(), Duration.between(pack.trainingStartedAt(), at).toMillis(),
                    PackStatus.OUT_OF_TIME, null);
        } else {
            store.markOutOfTime(pack.id());
        }
        log.info("Resource pack {} of user {} is out of time{}", pack.id(), pack.userId(),
                usageId == null ? "" : "; usage record " + usageId + " closed");
        events.publishEvent(new PackOutOfTime(pack.id(), pack.userId(), usageId, at));
    }
}

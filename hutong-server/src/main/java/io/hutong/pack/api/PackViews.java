package io.hutong.pack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hutong.pack.DurationType;
import io.hutong.pack.Pack;
import io.hutong.pack.PackNode;
import io.hutong.pack.UsageRecord;
import io.hutong.web.ApiDates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The INFINITE document's response bodies. Ids are printed as strings (safe for JavaScript);
 * where the document spells a field two ways, both are printed.
 */
@Component
class PackViews {

    private final ApiDates dates;

    PackViews(ApiDates dates) {
        this.dates = dates;
    }

    record NodeView(String nodeId, String nodeName, String nodeType, int nodeCount, int cpuCount, int gpuCount,
            long memorySize) {
    }

    /** A row of getUserPackList and the data of getUserPackDetail. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PackView(String userPackId, String packName, String userPackStatus, String packDurationType,
            long duration, String buyDatetime, String purchasingTime, String activityStartTime,
            String activityEndTime, List<NodeView> nodeList) {
    }

    record PackPage(long total, int pageCurrent, int pageSize, int pageTotal, List<PackView> userPackList) {
    }

    /** A row of getTrainPackLogList: {@code duration} in seconds, {@code durationText} as the example prints it. */
    record UsageRow(String usageRecordId, String logId, String packId, String trainId, String trainName,
            String userName, long duration, String durationText, String createTime, String endTime,
            String finishTime) {
    }

    record UsagePage(List<UsageRow> list, int pageCurrent, int pageSize, int pageTotal, long total) {
    }

    record UsagePack(String packId, String packName, long residueDuration, String userPackStatus,
            String packDurationType, List<NodeView> nodeList) {
    }

    record UsageDetail(String logId, String usageRecordId, String trainId, String trainName, UsagePack pack,
            String userId, String userName, long duration, String startTime, String endTime) {
    }

    PackView pack(Pack pack, Instant now) {
        String bought = dates.format(pack.buyTime());
        boolean activity = pack.durationType() == DurationType.ACTIVITY;
        return new PackView(Long.toString(pack.id()), pack.packName(), pack.status(now).wire(),
                pack.durationType().wire(), pack.remaining(now).toSeconds(), bought, bought,
                activity ? dates.format(pack.activityStart()) : null, activity ? dates.format(pack.activityEnd()) : null,
                nodes(pack.nodes()));
    }

    UsageRow usageRow(UsageRecord usage, Instant now) {
        String id = Long.toString(usage.id());
        String end = dates.format(usage.endTime());
        Duration duration = usage.duration(now);
        return new UsageRow(id, id, Long.toString(usage.packId()), usage.trainId(), usage.trainName(),
                usage.userName(), duration.toSeconds(), humanDuration(duration), dates.format(usage.startTime()), end,
                end);
    }

    UsageDetail usageDetail(UsageRecord usage, Pack pack, Instant now) {
        String id = Long.toString(usage.id());
        UsagePack usagePack = new UsagePack(Long.toString(pack.id()), pack.packName(), pack.remaining(now).toSeconds(),
                pack.status(now).wire(), pack.durationType().wire(), nodes(pack.nodes()));
        return new UsageDetail(id, id, usage.trainId(), usage.trainName(), usagePack, Long.toString(usage.userId()),
                usage.userName(), usage.duration(now).toSeconds(), dates.format(usage.startTime()),
                dates.format(usage.endTime()));
    }

    /** {@code 1天5时30分15秒}, leaving out leading zero units. */
    static String humanDuration(Duration duration) {
        long seconds = duration.toSeconds();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append('天');
        }
        if (days > 0 || hours > 0) {
            text.append(hours).append('时');
        }
        if (days > 0 || hours > 0 || minutes > 0) {
            text.append(minutes).append('分');
        }
        return text.append(seconds % 60).append('秒').toString();
    }

    private static List<NodeView> nodes(List<PackNode> nodes) {
        return nodes.stream().map(n -> new NodeView(Long.toString(n.nodeId()), n.nodeName(), n.nodeType().wire(),
                n.nodeCount(), n.cpuCount(), n.gpuCount(), n.memorySize())).toList();
    }

    static int pageTotal(long total, int pageSize) {
        return (int) ((total + pageSize - 1) / pageSize);
    }
}

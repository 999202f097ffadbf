package io.hutong.pack.api;

import io.hutong.account.AdminApi;
import io.hutong.account.CurrentUser;
import io.hutong.account.Users;
import io.hutong.pack.DurationType;
import io.hutong.pack.NodeType;
import io.hutong.pack.Packs;
import io.hutong.pack.Packs.NewNode;
import io.hutong.pack.Packs.NewPack;
import io.hutong.pack.api.PackViews.PackView;
import io.hutong.pack.api.PackViews.UsageRow;
import io.hutong.web.ApiDates;
import io.hutong.web.ApiException;
import io.hutong.web.InfiniteResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: packs are created here (a purchase); trainings start and finish here or from the catalog. */
@RestController
@AdminApi
@RequestMapping("/admin/packs")
@Tag(name = "Resource packs (admin)", description = "Create packs for users; start and finish trainings on them")
class AdminPackController {

    private final Packs packs;
    private final Users users;
    private final PackViews views;
    private final ApiDates dates;
    private final Clock clock;

    AdminPackController(Packs packs, Users users, PackViews views, ApiDates dates, Clock clock) {
        this.packs = packs;
        this.users = users;
        this.views = views;
        this.dates = dates;
        this.clock = clock;
    }

    record NodeRequest(
            @NotBlank @Size(max = 255) String nodeName,
            @NotBlank @Schema(example = "nodeType.master") String nodeType,
            @NotNull @Min(0) Integer cpuCount,
            @NotNull @Min(0) Integer gpuCount,
            @NotNull @Min(0) @Schema(description = "GiB") Long memorySize,
            @Min(1) @Schema(description = "identical nodes of this shape; 1 when absent") Integer nodeCount) {
    }

    record CreatePackRequest(
            @NotNull Long userId,
            @NotBlank @Size(max = 255) String packName,
            @NotBlank @Schema(example = "type.timing") String packDurationType,
            @Min(0) @Max(3_153_600_000L) @Schema(description = "purchased seconds of a type.timing pack") Long durationSeconds,
            @Schema(description = "start of a type.activity pack's period (yyyy-MM-dd HH:mm:ss); now when absent")
            String activityStartTime,
            @Schema(description = "end of a type.activity pack's period (yyyy-MM-dd HH:mm:ss)") String activityEndTime,
            @Schema(description = "purchase time (yyyy-MM-dd HH:mm:ss); now when absent") String buyDatetime,
            @NotEmpty List<@Valid NodeRequest> nodeList) {
    }

    record StartTrainingRequest(@Size(max = 255) String trainId, @Size(max = 255) String trainName) {
    }

    @PostMapping
    @Operation(summary = "Create a pack for a user")
    InfiniteResponse<PackView> create(@Valid @RequestBody CreatePackRequest request) {
        users.findById(request.userId()).orElseThrow(() -> ApiException.invalid("userId", "exists"));
        DurationType type = DurationType.parse("packDurationType", request.packDurationType());
        Instant start = dates.parse("activityStartTime", request.activityStartTime());
        Instant end = dates.parse("activityEndTime", request.activityEndTime());
        if (type == DurationType.TIMING && request.durationSeconds() == null) {
            throw ApiException.invalid("durationSeconds", "notNull");
        }
        if (type == DurationType.ACTIVITY) {
            if (end == null) {
                throw ApiException.invalid("activityEndTime", "notNull");
            }
            if (start != null && !end.isAfter(start)) {
                throw ApiException.invalid("activityEndTime", "after(activityStartTime)");
            }
        }
        List<NewNode> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < request.nodeList().size(); i++) {
            NodeRequest node = request.nodeList().get(i);
            nodes.add(new NewNode(node.nodeName(), NodeType.parse("nodeList[" + i + "].nodeType", node.nodeType()),
                    node.cpuCount(), node.gpuCount(), node.memorySize(),
                    node.nodeCount() == null ? 1 : node.nodeCount()));
        }
        var pack = packs.create(new NewPack(request.userId(), request.packName(), type, request.durationSeconds(),
                start, end, dates.parse("buyDatetime", request.buyDatetime()), nodes));
        return InfiniteResponse.ok(views.pack(pack, clock.instant()));
    }

    @GetMapping("/{packId}")
    @Operation(summary = "A pack of any user")
    InfiniteResponse<PackView> pack(@PathVariable long packId) {
        return InfiniteResponse.ok(views.pack(packs.pack(packId), clock.instant()));
    }

    @PostMapping("/{packId}/trainings")
    @Operation(summary = "Start a training on a pack", description = "The pack's time starts running down; "
            + "a pack runs one training at a time.")
    InfiniteResponse<UsageRow> start(@PathVariable long packId,
            @Valid @RequestBody(required = false) StartTrainingRequest request) {
        var pack = packs.pack(packId);
        CurrentUser owner = users.findById(pack.userId()).orElseThrow();
        StartTrainingRequest body = request == null ? new StartTrainingRequest(null, null) : request;
        var usage = packs.startTraining(owner, packId, body.trainId(), body.trainName());
        return InfiniteResponse.ok(views.usageRow(usage, clock.instant()));
    }

    @PostMapping("/{packId}/trainings/{usageRecordId}/finish")
    @Operation(summary = "Finish a training", description = "Closes the usage record with its true duration.")
    InfiniteResponse<UsageRow> finish(@PathVariable long packId, @PathVariable long usageRecordId) {
        var pack = packs.pack(packId);
        packs.usage(usageRecordId).filter(u -> u.packId() == packId)
                .orElseThrow(() -> ApiException.notFound("no usage record " + usageRecordId + " on pack " + packId));
        CurrentUser owner = users.findById(pack.userId()).orElseThrow();
        var usage = packs.finishTraining(owner, usageRecordId);
        return InfiniteResponse.ok(views.usageRow(usage, clock.instant()));
    }
}

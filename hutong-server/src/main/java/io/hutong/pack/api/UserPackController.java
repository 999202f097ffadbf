package io.hutong.pack.api;

import io.hutong.account.CurrentUser;
import io.hutong.account.UserApi;
import io.hutong.pack.DurationType;
import io.hutong.pack.PackStatus;
import io.hutong.pack.Packs;
import io.hutong.pack.UsageRecord;
import io.hutong.pack.api.PackViews.PackPage;
import io.hutong.pack.api.PackViews.PackView;
import io.hutong.pack.api.PackViews.UsageDetail;
import io.hutong.pack.api.PackViews.UsagePage;
import io.hutong.pack.internal.PackStore;
import io.hutong.pack.internal.PackStore.PackFilter;
import io.hutong.web.ApiException;
import io.hutong.web.InfiniteApi;
import io.hutong.web.InfiniteResponse;
import io.hutong.web.OrderItem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The INFINITE resource-management API (资源管理), as the document names it. */
@RestController
@UserApi
@InfiniteApi
@Tag(name = "资源管理", description = "INFINITE resource packs and their usage records")
class UserPackController {

    private final PackStore store;
    private final Packs packs;
    private final PackViews views;
    private final Clock clock;

    UserPackController(PackStore store, Packs packs, PackViews views, Clock clock) {
        this.store = store;
        this.packs = packs;
        this.views = views;
        this.clock = clock;
    }

    record PackListRequest(
            List<@Valid OrderItem> order,
            @Schema(description = "only packs this user can use now") Boolean isFreeStatus,
            @Schema(example = "status.free") String userPackStatus,
            @Schema(example = "type.timing") String packDurationType,
            @NotNull @Min(1) Integer pageNum,
            @NotNull @Min(1) @Max(1000) Integer pageSize) {
    }

    record PackDetailRequest(@NotNull @Schema(example = "234") Long userPackId) {
    }

    record UsageListRequest(List<@Valid OrderItem> order, @NotNull @Min(1) Integer pageNum,
            @NotNull @Min(1) @Max(1000) Integer pageSize) {
    }

    record UsageDetailRequest(@NotNull @Schema(example = "135646135") Long logId) {
    }

    @PostMapping("/api/userPack/getUserPackList")
    @Operation(summary = "资源列表", description = "A user's packs, paged, filtered by status and type; "
            + "isFreeStatus=true gives the packs usable now. Order keys: userPackId, packName, userPackStatus, "
            + "packDurationType, duration, buyDatetime.")
    InfiniteResponse<PackPage> list(CurrentUser user, @Valid @RequestBody PackListRequest request) {
        PackStatus status = blank(request.userPackStatus()) ? null
                : PackStatus.parse("userPackStatus", request.userPackStatus());
        DurationType type = blank(request.packDurationType()) ? null
                : DurationType.parse("packDurationType", request.packDurationType());
        Instant now = clock.instant();
        var page = store.packs(new PackFilter(user.id(), status, type, Boolean.TRUE.equals(request.isFreeStatus())),
                request.order(), request.pageNum(), request.pageSize(), now);
        List<PackView> rows = page.rows().stream().map(p -> views.pack(p, now)).toList();
        return InfiniteResponse.ok(new PackPage(page.total(), request.pageNum(), request.pageSize(),
                PackViews.pageTotal(page.total(), request.pageSize()), rows));
    }

    @PostMapping("/api/userPack/getUserPackDetail")
    @Operation(summary = "获取资源详情")
    InfiniteResponse<PackView> detail(CurrentUser user, @Valid @RequestBody PackDetailRequest request) {
        return InfiniteResponse.ok(views.pack(packs.packOf(user, request.userPackId()), clock.instant()));
    }

    @PostMapping("/api/pack/getTrainPackLogList")
    @Operation(summary = "资源使用记录列表", description = "Order keys: usageRecordId (logId), packId, trainName, "
            + "trainId, userName, duration, createTime, endTime (finishTime).")
    InfiniteResponse<UsagePage> usages(CurrentUser user, @Valid @RequestBody UsageListRequest request) {
        Instant now = clock.instant();
        var page = store.usages(user.id(), request.order(), request.pageNum(), request.pageSize(), now);
        return InfiniteResponse.ok(new UsagePage(page.rows().stream().map(u -> views.usageRow(u, now)).toList(),
                request.pageNum(), request.pageSize(), PackViews.pageTotal(page.total(), request.pageSize()),
                page.total()));
    }

    @PostMapping("/api/pack/getTrainPackLogDetail")
    @Operation(summary = "训练资源使用记录详情")
    InfiniteResponse<UsageDetail> usage(CurrentUser user, @Valid @RequestBody UsageDetailRequest request) {
        UsageRecord usage = store.usage(request.logId()).filter(u -> u.userId() == user.id())
                .orElseThrow(() -> ApiException.notFound("no usage record " + request.logId()));
        Instant now = clock.instant();
        return InfiniteResponse.ok(views.usageDetail(usage, packs.pack(usage.packId()), now));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}

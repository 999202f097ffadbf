package io.hutong.console.api;

import io.hutong.console.internal.ConsoleProperties;
import io.hutong.console.internal.Durations;
import io.hutong.console.internal.Pages;
import io.hutong.console.internal.Viewer;
import io.hutong.pack.Pack;
import io.hutong.pack.PackStatus;
import io.hutong.pack.Packs;
import io.hutong.pack.UsageRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Resource packs (a user: their own; an admin: every user's) with their time left and usage records. */
@Controller
class PacksController {

    /** Usage records shown under a pack; the packs API pages through all of them. */
    private static final int USAGES = 10;

    private final Packs packs;
    private final ConsoleProperties properties;
    private final Clock clock;

    PacksController(Packs packs, ConsoleProperties properties, Clock clock) {
        this.packs = packs;
        this.properties = properties;
        this.clock = clock;
    }

    /** A pack as the page shows it, at one moment. */
    record PackRow(Pack pack, PackStatus status, String remaining, List<UsageRow> usages) {
    }

    /** A usage record with how long it ran (so far, while it runs). */
    record UsageRow(UsageRecord usage, String duration) {
    }

    @GetMapping("/console/packs")
    String list(Viewer viewer, @RequestParam(defaultValue = "1") int page, Model model) {
        Pages.check(page);
        Instant now = clock.instant();
        var found = packs.page(viewer.admin() ? null : viewer.user().id(), page, properties.pageSize());
        model.addAttribute("packs", found.packs().stream().map(p -> new PackRow(p, p.status(now),
                Durations.text(p.remaining(now)), packs.usagesOf(p.id(), USAGES).stream()
                        .map(u -> new UsageRow(u, Durations.text(u.duration(now)))).toList())).toList());
        model.addAttribute("total", found.total());
        Pages.add(model, page, found.total(), properties.pageSize());
        return "console/packs";
    }
}

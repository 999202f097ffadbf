package io.hutong.console.api;

import io.hutong.console.internal.ConsoleProperties;
import io.hutong.console.internal.Viewer;
import io.hutong.fate.FateOverview;
import io.hutong.fate.FateOverview.Decision;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** FATE Flow's third-party services (admins): parties' keys, permission grants and the decisions taken. */
@Controller
class FateController {

    private final FateOverview fate;
    private final int logPage;

    FateController(FateOverview fate, ConsoleProperties properties) {
        this.fate = fate;
        this.logPage = properties.pageSize();
    }

    /** @param before the log's older page: decisions before this id, as the admin API's {@code beforeId} */
    @GetMapping("/console/fate")
    String overview(Viewer viewer, @RequestParam(required = false) Long before, Model model) {
        viewer.requireAdmin();
        List<Decision> log = fate.log(before, logPage);
        model.addAttribute("keys", fate.keys());
        model.addAttribute("grants", fate.grants());
        model.addAttribute("log", log);
        model.addAttribute("older", log.size() == logPage ? log.get(log.size() - 1).id() : null);
        return "console/fate";
    }
}

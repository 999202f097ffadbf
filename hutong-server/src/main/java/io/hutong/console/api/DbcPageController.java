package io.hutong.console.api;

import io.hutong.console.internal.ConsoleProperties;
import io.hutong.console.internal.Pages;
import io.hutong.console.internal.Viewer;
import io.hutong.dbc.DbcOverview;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** DBC GPU machines and VMs: a user's (through their and the node's dbc_clients), an admin's every one. */
@Controller
class DbcPageController {

    private final DbcOverview dbc;
    private final ConsoleProperties properties;

    DbcPageController(DbcOverview dbc, ConsoleProperties properties) {
        this.dbc = dbc;
        this.properties = properties;
    }

    @GetMapping("/console/dbc")
    String overview(Viewer viewer, @RequestParam(defaultValue = "1") int page, Model model) {
        Long userId = viewer.admin() ? null : viewer.user().id();
        var vms = dbc.vms(userId, page, properties.pageSize());
        model.addAttribute("machines", dbc.machines(userId));
        model.addAttribute("vms", vms.vms());
        model.addAttribute("total", vms.total());
        Pages.add(model, page, vms.total(), properties.pageSize());
        return "console/dbc";
    }
}

package io.hutong.console.api;

import io.hutong.component.Components;
import io.hutong.console.internal.ConsoleProperties;
import io.hutong.console.internal.Pages;
import io.hutong.console.internal.Viewer;
import io.hutong.web.Paging;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The component registry, paged as its list API pages it; the node's, so every person sees it. */
@Controller
class ComponentsController {

    private final Components components;
    private final ConsoleProperties properties;

    ComponentsController(Components components, ConsoleProperties properties) {
        this.components = components;
        this.properties = properties;
    }

    @GetMapping("/console/components")
    String list(Viewer viewer, @RequestParam(defaultValue = "1") int page, Model model) {
        long total = components.count();
        model.addAttribute("components", components.all(Paging.of(page, properties.pageSize())));
        model.addAttribute("total", total);
        Pages.add(model, page, total, properties.pageSize());
        return "console/components";
    }
}

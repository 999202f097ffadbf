package io.hutong.console.internal;

import io.hutong.web.ApiException;
import org.springframework.ui.Model;

/** What the shared pager fragment ({@code console/pager}) reads: the page and how many there are. */
public final class Pages {

    private Pages() {
    }

    /** Pages count from 1, as the APIs' {@code pageNum}. */
    public static void check(int page) {
        if (page < 1) {
            throw ApiException.invalid("page", "min(1)");
        }
    }

    public static void add(Model model, int page, long total, int size) {
        model.addAttribute("page", page);
        model.addAttribute("pages", Math.max(1, (total + size - 1) / size));
    }
}

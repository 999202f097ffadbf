package io.hutong.console.internal;

import io.hutong.web.ApiException;
import org.springframework.ui.Model;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A page of a list (from 1), paged in the database: its offset, and for the template's pager
 * ({@code console/layout :: pager}) the number of pages and the links to the pages next to it.
 */
public record ListPage(int number, int size) {

    public static ListPage of(int number, int size) {
        if (number < 1) {
            throw ApiException.invalid("page", "min(1)");
        }
        return new ListPage(number, size);
    }

    public int offset() {
        return (number - 1) * size;
    }

    /**
     * Puts {@code total}, {@code page}, {@code pages} and the links {@code prevPage} and
     * {@code nextPage} (null where there is none) into the model.
     *
     * @param link the list's URL with its filters, to which the page number is added
     */
    public void describe(long total, UriComponentsBuilder link, Model model) {
        long pages = Math.max(1, (total + size - 1) / size);
        model.addAttribute("total", total);
        model.addAttribute("page", number);
        model.addAttribute("pages", pages);
        model.addAttribute("prevPage", number > 1 ? link.cloneBuilder().replaceQueryParam("page", number - 1)
                .build().toUriString() : null);
        model.addAttribute("nextPage", number < pages ? link.cloneBuilder().replaceQueryParam("page", number + 1)
                .build().toUriString() : null);
    }
}

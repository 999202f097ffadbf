package io.hutong.console.api;

import io.hutong.console.internal.ConsoleSessions;
import io.hutong.console.internal.Viewer;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** Login with an API token, logout, and the console's front door. */
@Controller
class ConsoleLoginController {

    private final ConsoleSessions sessions;

    ConsoleLoginController(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/console")
    String home(Viewer viewer) {
        return "redirect:/console/jobs";
    }

    @GetMapping("/console/login")
    String loginForm(@RequestParam(required = false) String next, Model model) {
        model.addAttribute("next", safeNext(next));
        return "console/login";
    }

    @PostMapping("/console/login")
    Object login(@RequestParam(defaultValue = "") String token, @RequestParam(required = false) String next,
            HttpServletRequest request, Model model) {
        try {
            sameOrigin(request);
            var cookie = sessions.login(token, request.isSecure());
            return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.SET_COOKIE, cookie.toString())
                    .header(HttpHeaders.LOCATION, safeNext(next)).build();
        } catch (ApiException refused) {
            model.addAttribute("next", safeNext(next));
            model.addAttribute("message", refused.getMessage());
            return new ModelAndView("console/login", model.asMap(),
                    refused.kind().status());
        }
    }

    @PostMapping("/console/logout")
    ResponseEntity<Void> logout(Viewer viewer, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .header(HttpHeaders.SET_COOKIE, sessions.logout(request.isSecure()).toString())
                .header(HttpHeaders.LOCATION, "/console/login").build();
    }

    /**
     * A login posted by a page of another site (which would log the browser in as someone else) is
     * refused; the login has no session yet whose CSRF token it could carry.
     */
    private static void sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !origin.equals(request.getScheme() + "://" + request.getHeader(HttpHeaders.HOST))) {
            throw new ApiException(ErrorKind.FORBIDDEN, "a login from another site (" + origin + ") is refused");
        }
    }

    /** Only a page of the console itself, so a link cannot send a person elsewhere after logging in. */
    private static String safeNext(String next) {
        return next != null && next.startsWith("/console/") && !next.startsWith("/console//") && !next.contains("\\")
                ? next : "/console/jobs";
    }
}

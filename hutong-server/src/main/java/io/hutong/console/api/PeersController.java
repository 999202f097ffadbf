package io.hutong.console.api;

import io.hutong.console.internal.Viewer;
import io.hutong.trust.PeerTrustViews;
import io.hutong.web.ApiException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** Peers and trust (admins): this node's card, every peer's keys and dialect, a peer's diagnosis. */
@Controller
class PeersController {

    private final PeerTrustViews trust;

    PeersController(PeerTrustViews trust) {
        this.trust = trust;
    }

    @GetMapping("/console/peers")
    String peers(Viewer viewer, Model model) {
        viewer.requireAdmin();
        model.addAttribute("card", trust.card());
        model.addAttribute("peers", trust.peers());
        model.addAttribute("dialects", PeerTrustViews.dialects());
        return "console/peers";
    }

    /** htmx puts the lines under the peer's card; without script the page comes back with them. */
    @PostMapping("/console/peers/{nodeId}/diagnose")
    String diagnose(Viewer viewer, @PathVariable String nodeId,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        viewer.requireAdmin();
        model.addAttribute("diagnosed", nodeId);
        model.addAttribute("checks", trust.diagnose(nodeId));
        return htmx != null ? "console/peer-diagnosis :: diagnosis" : peers(viewer, model);
    }

    @PostMapping("/console/peers/{nodeId}/dialect")
    String dialect(Viewer viewer, @PathVariable String nodeId, @RequestParam String dialect) {
        viewer.requireAdmin();
        if (dialect.isBlank()) {
            throw ApiException.invalid("dialect", "notBlank");
        }
        trust.setDialect(nodeId, dialect.strip());
        return "redirect:/console/peers";
    }
}

package io.hutong.node.api;

import io.hutong.account.AdminApi;
import io.hutong.node.Peer;
import io.hutong.node.Peers;
import io.hutong.web.ApiException;
import io.hutong.web.InfiniteResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@AdminApi
@RequestMapping("/admin/peers")
@Tag(name = "Peers", description = "Admin API: the other nodes this node calls (also hutong.peers.<node-id>=<url>)")
class AdminPeerController {

    private final Peers peers;

    AdminPeerController(Peers peers) {
        this.peers = peers;
    }

    record PeerRequest(@NotBlank @Pattern(regexp = "https?://\\S+") String baseUrl) {
    }

    @GetMapping
    @Operation(summary = "List peers")
    InfiniteResponse<List<Peer>> list() {
        return InfiniteResponse.ok(peers.all());
    }

    @PutMapping("/{nodeId}")
    @Operation(summary = "Add or change a peer")
    InfiniteResponse<Peer> save(@PathVariable String nodeId, @Valid @RequestBody PeerRequest request) {
        return InfiniteResponse.ok(peers.save(nodeId, request.baseUrl()));
    }

    @DeleteMapping("/{nodeId}")
    @Operation(summary = "Remove a peer", description = "Takes effect at once.")
    InfiniteResponse<Map<String, Object>> remove(@PathVariable String nodeId) {
        if (!peers.remove(nodeId)) {
            throw ApiException.notFound("no peer " + nodeId);
        }
        return InfiniteResponse.ok();
    }
}

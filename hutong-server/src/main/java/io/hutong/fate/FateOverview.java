package io.hutong.fate;

import io.hutong.fate.internal.PartyKeys;
import io.hutong.fate.internal.Permissions;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The FATE Flow services' state as an admin looks at it (the console): parties' keys (never a
 * private key), permission grants, and the log of permission decisions.
 */
@Service
public class FateOverview {

    private final PartyKeys keys;
    private final Permissions permissions;

    FateOverview(PartyKeys keys, Permissions permissions) {
        this.keys = keys;
        this.permissions = permissions;
    }

    /** A party's key: its algorithm, whether this node can sign for it, and its public key's fingerprint. */
    public record Key(String partyId, String algorithm, boolean hasPrivateKey, String fingerprint, Instant updatedAt) {
    }

    /** @param datasets each {@code namespace#name}, {@code *} for any */
    public record Grant(String partyId, List<String> components, List<String> datasets) {
    }

    /** One permission decision; {@code components} and {@code datasets} as FATE Flow sent them (JSON). */
    public record Decision(long id, Instant decidedAt, String srcPartyId, String role, String partyId,
            String components, String datasets, boolean allowed, int code, String msg) {
    }

    public List<Key> keys() {
        return keys.list().stream().map(k -> new Key(k.partyId(), k.algorithm().toString(), k.hasPrivateKey(),
                k.fingerprint(), k.updatedAt())).toList();
    }

    public List<Grant> grants() {
        return permissions.allGrants().stream().map(g -> new Grant(g.partyId(), g.components(),
                g.datasets().stream().map(d -> d.namespace() + "#" + d.name()).toList())).toList();
    }

    /** Newest first; {@code beforeId} pages back (the smallest id of the previous page), null for the newest. */
    public List<Decision> log(Long beforeId, int limit) {
        return permissions.log(null, null, beforeId, limit).stream().map(e -> new Decision(e.id(), e.decidedAt(),
                e.srcPartyId(), e.role(), e.partyId(), String.valueOf(e.componentList()),
                String.valueOf(e.datasetList()), e.allowed(), e.code(), e.msg())).toList();
    }
}

package io.hutong.fate.internal;

import io.hutong.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * FATE's permission model: per source party, grants of components ({@code *} for any) and datasets;
 * a job is allowed when every component and every dataset it uses is granted. Every decision is
 * written to the audit log.
 */
@Service
public class Permissions {

    /** FATE's failure codes: 2 for a component, 3 for a dataset not granted. */
    public static final int COMPONENT_DENIED = 2;
    public static final int DATASET_DENIED = 3;
    public static final String ANY = "*";

    private final GrantStore store;
    private final PartyKeys keys;
    private final Clock clock;

    Permissions(GrantStore store, PartyKeys keys, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
    }

    public record DatasetRef(String namespace, String name) {

        boolean grantedBy(DatasetRef grant) {
            return (grant.namespace().equals(ANY) || grant.namespace().equals(namespace))
                    && (grant.name().equals(ANY) || grant.name().equals(name));
        }

        @Override
        public String toString() {
            return namespace + "." + name;
        }
    }

    /** What FATE asks: may {@code srcPartyId} run a job with these components and datasets here? */
    public record PermissionCheck(String srcRole, String srcPartyId, String role, String partyId, JsonNode initiator,
            List<String> components, List<DatasetRef> datasets) {
    }

    public record Decision(boolean allowed, int code, String msg) {
    }

    public record Grants(String partyId, List<String> components, List<DatasetRef> datasets) {
    }

    public record LogEntry(long id, Instant decidedAt, String srcPartyId, String srcRole, String role, String partyId,
            JsonNode componentList, JsonNode datasetList, boolean allowed, int code, String msg) {
    }

    @Transactional
    public Decision check(PermissionCheck check) {
        Decision decision = decide(check);
        store.log(clock.instant(), check, decision);
        return decision;
    }

    private Decision decide(PermissionCheck check) {
        String src = check.srcPartyId();
        // FATE asks for its own jobs too; the node's own parties need no grant
        if ("local".equals(check.role()) || "0".equals(check.partyId()) || src != null && src.equals(check.partyId())
                || keys.isOwn(src)) {
            return new Decision(true, 0, "success");
        }
        if (src == null || src.isBlank()) {
            return new Decision(false, COMPONENT_DENIED, "src_party_id is missing: no grants apply");
        }
        Set<String> components = new LinkedHashSet<>(store.components(src));
        if (!components.contains(ANY)) {
            for (String component : check.components()) {
                if (!components.contains(component.toLowerCase(Locale.ROOT))) {
                    return new Decision(false, COMPONENT_DENIED,
                            "component " + component + " is not granted to party " + src);
                }
            }
        }
        List<DatasetRef> datasets = store.datasets(src);
        for (DatasetRef dataset : check.datasets()) {
            if (datasets.stream().noneMatch(dataset::grantedBy)) {
                return new Decision(false, DATASET_DENIED, "dataset " + dataset + " is not granted to party " + src);
            }
        }
        return new Decision(true, 0, "success");
    }

    public Grants grants(String partyId) {
        String party = PartyIds.check("partyId", partyId);
        return new Grants(party, store.components(party), store.datasets(party));
    }

    public List<Grants> allGrants() {
        return store.parties().stream().map(this::grants).toList();
    }

    /** Replaces what a party is granted; component names are FATE's lower-case module names. */
    @Transactional
    public Grants replace(String partyId, List<String> components, List<DatasetRef> datasets) {
        String party = PartyIds.check("partyId", partyId);
        List<String> names = new ArrayList<>();
        for (int i = 0; components != null && i < components.size(); i++) {
            String name = components.get(i);
            if (name == null || name.isBlank()) {
                throw ApiException.invalid("components[" + i + "]", "notBlank");
            }
            String lower = name.strip().toLowerCase(Locale.ROOT);
            if (!names.contains(lower)) {
                names.add(lower);
            }
        }
        List<DatasetRef> refs = new ArrayList<>();
        for (int i = 0; datasets != null && i < datasets.size(); i++) {
            DatasetRef ref = datasets.get(i);
            if (ref == null || ref.namespace() == null || ref.namespace().isBlank()) {
                throw ApiException.invalid("datasets[" + i + "].namespace", "notBlank");
            }
            if (ref.name() == null || ref.name().isBlank()) {
                throw ApiException.invalid("datasets[" + i + "].name", "notBlank");
            }
            DatasetRef clean = new DatasetRef(ref.namespace().strip(), ref.name().strip());
            if (!refs.contains(clean)) {
                refs.add(clean);
            }
        }
        store.replace(party, names, refs);
        return grants(party);
    }

    public List<LogEntry> log(String srcPartyId, Boolean allowed, Long beforeId, int limit) {
        return store.log(srcPartyId, allowed, beforeId, limit);
    }
}

package io.hutong.component;

import io.hutong.web.Paging;
import io.hutong.component.internal.ComponentStore;
import io.hutong.web.Violations;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/** Registers components and resolves a DAG's components against the registry. */
@Service
public class Components {

    public static final Set<String> ROLES = Set.of("guest", "host", "arbiter");
    static final Set<String> INPUT_CATEGORIES = Set.of("model", "dataset", "training_set", "test_set", "datasets");
    static final Set<String> OUTPUT_CATEGORIES = Set.of("model", "dataset", "training_set", "test_set", "report",
            "metric");

    /**
     * How long a component found stays in memory: each party resolves every component of every job,
     * and the registry rarely changes. A replica's re-registration reaches this one within it;
     * components not found are not kept, so a new one is found at once.
     */
    private static final Duration KEEP_FOUND = Duration.ofSeconds(10);

    private final ComponentStore store;
    private final Clock clock;
    private final Map<List<String>, Found> recentlyFound = new ConcurrentHashMap<>();

    private record Found(RegisteredComponent component, long readAt) {
    }

    Components(ComponentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<RegisteredComponent> find(String componentName, String version, String provider) {
        List<String> key = Arrays.asList(componentName, version, provider);
        long now = System.nanoTime();
        Found kept = recentlyFound.get(key);
        if (kept != null && now - kept.readAt() < KEEP_FOUND.toNanos()) {
            return Optional.of(kept.component());
        }
        Optional<RegisteredComponent> read = store.find(componentName, version, provider);
        read.ifPresentOrElse(component -> recentlyFound.put(key, new Found(component, now)),
                () -> recentlyFound.remove(key));
        return read;
    }

    /** For DAGs that name no provider (Kuscia's shape): the one component of that name and version. */
    public Optional<RegisteredComponent> findOnly(String componentName, String version) {
        List<RegisteredComponent> found = store.findAll(componentName, version);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Registered components by name, version and provider; every one with {@link Paging#ALL}. */
    public List<RegisteredComponent> all(Paging page) {
        return store.all(page);
    }

    public long count() {
        return store.count();
    }

    /** Validates every field of §6.1–6.5 and stores (or replaces) the component. */
    public RegisteredComponent register(String imageUrl, ComponentInfo info) {
        Violations violations = new Violations();
        violations.requireText("imageUrl", imageUrl);
        if (violations.require("component_info", info)) {
            validate(info, violations);
        }
        violations.throwIfAny();
        RegisteredComponent component = new RegisteredComponent(imageUrl.strip(), info);
        store.save(component, clock.instant());
        recentlyFound.clear();
        return component;
    }

    private static void validate(ComponentInfo info, Violations v) {
        String p = "component_info.";
        v.requireText(p + "componentName", info.componentName());
        v.requireText(p + "title", info.title());
        v.requireText(p + "provider", info.provider());
        v.requireText(p + "version", info.version());
        if (v.require(p + "roleList", info.roleList())) {
            if (info.roleList().isEmpty()) {
                v.add(p + "roleList", "notEmpty");
            }
            for (int i = 0; i < info.roleList().size(); i++) {
                if (!ROLES.contains(info.roleList().get(i))) {
                    v.add(p + "roleList[" + i + "]", "oneOf(guest,host,arbiter)");
                }
            }
        }
        if (v.require(p + "storageEngine", info.storageEngine())) {
            textItems(p + "storageEngine", info.storageEngine(), v);
        }
        if (v.require(p + "inputParam", info.inputParam())) {
            for (int i = 0; i < info.inputParam().size(); i++) {
                ComponentInfo.InputParam param = info.inputParam().get(i);
                String f = p + "inputParam[" + i + "].";
                if (v.require(p + "inputParam[" + i + "]", param)) {
                    v.requireText(f + "name", param.name());
                    v.requireText(f + "title", param.title());
                    v.requireText(f + "type", param.type());
                    v.require(f + "optional", param.optional());
                }
            }
        }
        if (v.require(p + "inputData", info.inputData())) {
            dataSpecs(p + "inputData", info.inputData(), INPUT_CATEGORIES, v);
        }
        if (v.require(p + "outputData", info.outputData())) {
            dataSpecs(p + "outputData", info.outputData(), OUTPUT_CATEGORIES, v);
        }
        if (v.require(p + "result", info.result())) {
            for (int i = 0; i < info.result().size(); i++) {
                ComponentInfo.Result result = info.result().get(i);
                if (v.require(p + "result[" + i + "]", result)) {
                    v.requireText(p + "result[" + i + "].resultCode", result.resultCode());
                    v.requireText(p + "result[" + i + "].resultMessage", result.resultMessage());
                }
            }
        }
    }

    private static void dataSpecs(String field, List<ComponentInfo.DataSpec> specs, Set<String> categories,
            Violations v) {
        for (int i = 0; i < specs.size(); i++) {
            ComponentInfo.DataSpec spec = specs.get(i);
            String f = field + "[" + i + "]";
            if (!v.require(f, spec)) {
                continue;
            }
            v.requireText(f + ".name", spec.name());
            if (v.requireText(f + ".category", spec.category()) && !categories.contains(spec.category())) {
                v.add(f + ".category", "oneOf(" + String.join(",", categories.stream().sorted().toList()) + ")");
            }
            if (v.require(f + ".dataFormat", spec.dataFormat())) {
                if (spec.dataFormat().isEmpty()) {
                    v.add(f + ".dataFormat", "notEmpty");
                }
                textItems(f + ".dataFormat", spec.dataFormat(), v);
            }
        }
    }

    private static void textItems(String field, List<String> items, Violations v) {
        for (int i = 0; i < items.size(); i++) {
            v.requireText(field + "[" + i + "]", items.get(i));
        }
    }
}

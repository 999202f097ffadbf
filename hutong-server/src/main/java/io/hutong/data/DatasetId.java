package io.hutong.data;

import io.hutong.web.ApiException;
import io.hutong.web.Violations;
import java.util.regex.Pattern;

/**
 * Where a dataset lives: {@code <storage root>/<namespace>/<name>}, written {@code namespace#name} in
 * a job's {@code dataset_id}. Both parts are safe file names: 1 to 255 letters, digits, {@code _},
 * {@code -} and {@code .}, not starting with {@code .}; so no part can be empty, {@code .},
 * {@code ..}, hold a separator or lead out of the storage root.
 */
public record DatasetId(String namespace, String name) {

    /** The rule as error messages print it. */
    public static final String RULE = "pattern([A-Za-z0-9_-][A-Za-z0-9_.-]{0,254})";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}");

    public DatasetId {
        if (!safe(namespace) || !safe(name)) {
            throw new IllegalArgumentException("not a safe dataset location: " + namespace + "#" + name);
        }
    }

    /** The dataset at {@code namespace}/{@code name}; a part that is not a safe name is a parameter error naming it. */
    public static DatasetId of(String namespace, String name) {
        Violations violations = new Violations();
        if (!safe(namespace)) {
            violations.add("namespace", RULE);
        }
        if (!safe(name)) {
            violations.add("name", RULE);
        }
        violations.throwIfAny();
        return new DatasetId(namespace, name);
    }

    /** Reads {@code namespace#name}; anything else is a parameter error naming {@code field}. */
    public static DatasetId parse(String field, String datasetId) {
        int hash = datasetId == null ? -1 : datasetId.indexOf('#');
        if (hash < 0 || !safe(datasetId.substring(0, hash)) || !safe(datasetId.substring(hash + 1))) {
            throw ApiException.invalid(field, "namespace#name, each " + RULE);
        }
        return new DatasetId(datasetId.substring(0, hash), datasetId.substring(hash + 1));
    }

    private static boolean safe(String part) {
        return part != null && SAFE.matcher(part).matches();
    }

    @Override
    public String toString() {
        return namespace + "#" + name;
    }
}

package io.quant4j.quantization.target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The registry of quantization targets by id: the two built-in ones and any registered since. */
public final class QuantTargets {
    private static final Map<String, QuantTarget> BY_ID = new LinkedHashMap<>();

    static {
        register(TensorRtTarget.INSTANCE);
        register(OnnxRuntimeTarget.INSTANCE);
    }

    private QuantTargets() {}

    /**
     * Registers a target under its id (replacing one registered before with the same id).
     *
     * @throws IllegalArgumentException for an id that is not lower-case letters, digits, '-' or '_'
     */
    public static synchronized void register(QuantTarget t) {
        if (!t.id().matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("expected a target id of lower-case letters, digits, '-' or '_', found '" + t.id() + "'");
        }
        BY_ID.put(t.id(), t);
    }

    /**
     * The target with this id (case-insensitive).
     *
     * @throws IllegalArgumentException naming the registered ids
     */
    public static synchronized QuantTarget get(String id) {
        QuantTarget t = id == null ? null : BY_ID.get(id.trim().toLowerCase(Locale.ROOT));
        if (t == null) {
            throw new IllegalArgumentException("expected a quantization target " + ids() + ", found '" + id + "'");
        }
        return t;
    }

    /** Every registered target, built-in ones first. */
    public static synchronized List<QuantTarget> all() {
        return List.copyOf(BY_ID.values());
    }

    /** The registered ids. */
    public static synchronized List<String> ids() {
        return new ArrayList<>(BY_ID.keySet());
    }
}

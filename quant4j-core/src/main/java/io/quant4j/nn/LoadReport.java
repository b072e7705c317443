package io.quant4j.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of loading a state dict into a module.
 *
 * @param missing keys the module has but the file lacks
 * @param unexpected keys in the file the module does not have
 * @param mismatched keys present in both with different shapes, as {@code key: file [..] vs model [..]}
 */
public record LoadReport(List<String> missing, List<String> unexpected, List<String> mismatched) {
    public LoadReport {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
    }

    /** Whether every key matched in name and shape. */
    public boolean clean() {
        return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    /** One line per kind of difference. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!mismatched.isEmpty()) {
            parts.add("shape mismatch " + mismatched);
        }
        if (!missing.isEmpty()) {
            parts.add("missing " + abbreviate(missing));
        }
        if (!unexpected.isEmpty()) {
            parts.add("unexpected " + abbreviate(unexpected));
        }
        return parts.isEmpty() ? "all keys match" : String.join("; ", parts);
    }

    private static String abbreviate(List<String> keys) {
        return keys.size() <= 8 ? keys.toString() : keys.subList(0, 8) + " and " + (keys.size() - 8) + " more";
    }
}

package io.quant4j.nn;

import io.quant4j.errors.Quant4jException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** A dotted module path that does not exist; the message lists the closest existing paths. */
public class NoSuchModuleException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    private final List<String> closest;

    public NoSuchModuleException(String path, Collection<String> existing) {
        this(path, existing, "module");
    }

    public NoSuchModuleException(String path, Collection<String> existing, String what) {
        super("no " + what + " named '" + path + "'", null,
                "Closest existing paths: " + closest(path, existing) + ".", null);
        this.closest = closest(path, existing);
    }

    /** The existing paths closest to the requested one (edit distance), best first. */
    public List<String> closest() {
        return closest;
    }

    static List<String> closest(String path, Collection<String> existing) {
        return existing.stream()
                .filter(s -> !s.isEmpty())
                .sorted(Comparator.comparingInt((String s) -> EditDistance.between(path, s)).thenComparing(s -> s))
                .limit(5)
                .toList();
    }
}

package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
import io.quant4j.nn.NoSuchModuleException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which modules stay float, the one rule every placement uses: dotted module paths, regular
 * expressions matched against whole paths, and module types by fully qualified class name; a
 * module inside a skipped one is skipped too. Names and patterns must match a module of the
 * model, and types must be Module classes on the class path.
 *
 * @param names dotted module paths
 * @param patterns regular expressions of whole paths
 * @param types fully qualified {@link Module} class names
 */
public record SkipRules(List<String> names, List<Pattern> patterns, List<Class<? extends Module>> types) {
    public SkipRules {
        names = List.copyOf(names);
        patterns = List.copyOf(patterns);
        types = List.copyOf(types);
    }

    /**
     * Rules from their serialized form (the spec stored with a model).
     *
     * @throws QuantizationMappingException for an invalid pattern or an unknown type name
     */
    public static SkipRules of(List<String> names, List<String> patterns, List<String> typeNames) {
        List<Pattern> ps = patterns.stream().map(p -> {
            try {
                return Pattern.compile(p);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new QuantizationMappingException("invalid skip pattern '" + p + "': " + e.getDescription(), null,
                        "Write a Java regular expression matching whole module paths, e.g. layer3\\\\..*");
            }
        }).toList();
        return new SkipRules(names, ps, typeNames.stream().<Class<? extends Module>>map(n -> moduleClass(n, "skip types")).toList());
    }

    /**
     * The Module class of a fully qualified name.
     *
     * @param where what named it, for the message ({@code skip types})
     * @throws QuantizationMappingException when no Module class of that name is on the class path
     */
    @SuppressWarnings("unchecked")
    static Class<? extends Module> moduleClass(String name, String where) {
        try {
            Class<?> c = Class.forName(name);
            if (Module.class.isAssignableFrom(c)) {
                return (Class<? extends Module>) c;
            }
        } catch (ClassNotFoundException e) {
            // reported below
        }
        throw new QuantizationMappingException("unknown module type '" + name + "' in " + where, null,
                "Give a fully qualified Module class name on the class path, e.g. io.quant4j.nn.Linear.");
    }

    /** Registers every rule with a selective quantizer. */
    public void registerWith(SelectiveQuantizer sq) {
        if (!names.isEmpty()) {
            sq.registerSkipQuantization(Set.copyOf(names));
        }
        patterns.forEach(sq::registerSkipQuantization);
        types.forEach(t -> sq.registerSkipQuantization(t));
    }

    /**
     * Checks that every name (and {@code extraNames}) is a module of the model and every pattern
     * matches at least one.
     *
     * @throws NoSuchModuleException naming the closest paths
     * @throws QuantizationMappingException for a pattern matching nothing
     */
    public static void checkExist(Set<String> existing, Iterable<String> names, Iterable<Pattern> patterns, String what) {
        for (String n : names) {
            if (!existing.contains(n)) {
                throw new NoSuchModuleException(n, existing, what);
            }
        }
        for (Pattern p : patterns) {
            if (existing.stream().noneMatch(path -> p.matcher(path).matches())) {
                throw new QuantizationMappingException("pattern '" + p.pattern() + "' matches no module path", null,
                        "Paths look like " + existing.stream().filter(s -> !s.isEmpty()).limit(4).toList()
                                + "; the pattern must match a whole path.");
            }
        }
    }

    /** Whether the module at {@code path} or one containing it is skipped by these rules (or in {@code moreNames}). */
    public boolean skips(Map<String, Module> modules, String path, List<String> moreNames) {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('.'))) {
            String at = p;
            if (names.contains(at) || moreNames.contains(at) || patterns.stream().anyMatch(r -> r.matcher(at).matches())) {
                return true;
            }
            Module m = modules.get(at);
            if (m != null && types.contains(m.getClass())) {
                return true;
            }
            if (!p.contains(".")) {
                return false;
            }
        }
    }
}

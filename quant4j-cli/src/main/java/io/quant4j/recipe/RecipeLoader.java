package io.quant4j.recipe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a recipe: the files listed under {@code defaults:} (paths relative to the including file,
 * merged in order, recursively) first, the file's own keys over them (mappings merge key by key,
 * other values replace), then the {@code --set} overrides, then binding to {@link Recipe} with
 * YAML paths and lines in every error.
 */
public final class RecipeLoader {
    private static final String DEFAULTS = "defaults";

    private RecipeLoader() {}

    /** Loads and binds a recipe file. */
    public static Recipe load(Path file, List<String> overrides) {
        return RecipeSource.load(file, overrides).recipe();
    }

    /** The merged tree of a file, its defaults and the overrides, before binding. */
    static YamlNode tree(Path file, List<String> overrides) {
        return Overrides.apply(resolve(file, new ArrayList<>()), overrides);
    }

    /** The merged YAML tree of a file and its defaults. */
    static YamlNode resolve(Path file, List<Path> stack) {
        Path abs = file.toAbsolutePath().normalize();
        if (stack.contains(abs)) {
            throw new RecipeException(DEFAULTS, file.toString(), "recipe includes itself: " + stack, "Remove the cycle.");
        }
        stack.add(abs);
        YamlNode own = YamlReader.read(file);
        if (!(own instanceof YamlNode.Mapping m)) {
            throw new RecipeException("", own.origin(), "expected a mapping at the top of the recipe", "Write 'key: value' lines.");
        }
        if (m.entries().isEmpty()) {
            throw new RecipeException("", file.toString(), "the recipe is empty: expected at least a model and its data",
                    "Start from recipes/resnet_fmnist.yaml (training) or recipes/resnet_fmnist_qat.yaml (QAT).");
        }
        YamlNode base = new YamlNode.Mapping(Map.of(), Map.of(), own.origin());
        YamlNode defaults = m.entries().get(DEFAULTS);
        if (defaults != null) {
            if (!(defaults instanceof YamlNode.Sequence seq)) {
                throw new RecipeException(DEFAULTS, defaults.origin(), "expected a list of recipe files",
                        "Write defaults: [other.yaml, quantization_params/default.yaml].");
            }
            for (YamlNode item : seq.items()) {
                if (!(item instanceof YamlNode.Scalar s) || !(s.value() instanceof String name)) {
                    throw new RecipeException(DEFAULTS, item.origin(), "expected a file name", null);
                }
                Path inc = abs.getParent().resolve(name.endsWith(".yaml") || name.endsWith(".yml") ? name : name + ".yaml");
                if (!Files.isRegularFile(inc)) {
                    throw new RecipeException(DEFAULTS, item.origin(), "the included recipe '" + name + "' does not exist (looked for "
                            + inc + ")", "Fix the name under defaults:; names are relative to " + abs.getParent() + ".");
                }
                base = merge(base, resolve(inc, stack));
            }
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>(m.entries());
        Map<String, String> origins = new LinkedHashMap<>(m.keyOrigins());
        entries.remove(DEFAULTS);
        origins.remove(DEFAULTS);
        stack.remove(abs);
        return merge(base, new YamlNode.Mapping(entries, origins, m.origin()));
    }

    /** {@code over} on top of {@code base}: mappings merge key by key, anything else replaces. */
    static YamlNode merge(YamlNode base, YamlNode over) {
        if (base instanceof YamlNode.Mapping b && over instanceof YamlNode.Mapping o) {
            Map<String, YamlNode> entries = new LinkedHashMap<>(b.entries());
            Map<String, String> origins = new LinkedHashMap<>(b.keyOrigins());
            o.entries().forEach((k, v) -> {
                YamlNode prev = entries.get(k);
                entries.put(k, prev == null ? v : merge(prev, v));
                origins.put(k, o.keyOrigins().get(k));
            });
            return new YamlNode.Mapping(entries, origins, o.origin());
        }
        return over;
    }
}

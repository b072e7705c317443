package io.quant4j.recipe;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded recipe with the merged YAML tree it was bound from, so that checks made after binding
 * (training parameters, model names, skipped modules) can still name the key's file and line.
 *
 * @param file the recipe file
 * @param recipe the bound recipe
 * @param tree the merged tree (defaults, the file's keys, then {@code --set} overrides)
 */
public record RecipeSource(Path file, Recipe recipe, YamlNode tree) {
    /** Loads, merges and binds a recipe file (see {@link RecipeLoader}). */
    public static RecipeSource load(Path file, List<String> overrides) {
        YamlNode tree = RecipeLoader.tree(file, overrides);
        return new RecipeSource(file, RecordBinder.bind(tree, Recipe.class, ""), tree);
    }

    /** Whether the recipe (with its defaults and overrides) sets this dotted key. */
    public boolean has(String dottedPath) {
        return node(dottedPath) != null;
    }

    /**
     * Where a dotted key is set ({@code file line N}, or {@code --set ...}); for a key left at its
     * default, where its closest parent is set, marked as a default.
     */
    public String origin(String dottedPath) {
        String[] keys = dottedPath.split("\\.");
        YamlNode n = tree;
        String origin = file + " (defaults)";
        for (int i = 0; i < keys.length; i++) {
            if (!(n instanceof YamlNode.Mapping m) || !m.entries().containsKey(keys[i])) {
                return i == 0 ? origin : origin + " (" + String.join(".", List.of(keys).subList(i, keys.length)) + " at its default)";
            }
            origin = m.keyOrigins().get(keys[i]);
            n = m.entries().get(keys[i]);
        }
        return origin;
    }

    /** The node at a dotted key, or null. */
    public YamlNode node(String dottedPath) {
        YamlNode n = tree;
        for (String k : dottedPath.split("\\.")) {
            if (!(n instanceof YamlNode.Mapping m) || !m.entries().containsKey(k)) {
                return null;
            }
            n = m.entries().get(k);
        }
        return n;
    }
}

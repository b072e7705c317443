package io.quant4j.recipe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line overrides {@code --set a.b.c=value}: the value is parsed as YAML (so {@code 1},
 * {@code 0.1}, {@code true}, {@code [a, b]} and {@code null} keep their types) and replaces or
 * adds the key before binding, so a bad override gets the same errors as a bad recipe.
 */
public final class Overrides {
    private Overrides() {}

    /** Applies overrides in order and returns the new tree. */
    public static YamlNode apply(YamlNode root, List<String> assignments) {
        YamlNode out = root;
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new RecipeException("", "--set " + a, "expected KEY.PATH=VALUE, found '" + a + "'",
                        "Write it like --set training_hyperparams.max_epochs=1.");
            }
            String path = a.substring(0, eq).trim();
            if (java.util.Arrays.stream(path.split("\\.", -1)).anyMatch(String::isBlank)) {
                throw new RecipeException("", "--set " + a, "the key path '" + path + "' has an empty part",
                        "Write dotted keys like training_hyperparams.max_epochs, with no empty parts.");
            }
            YamlNode value = YamlReader.parse(a.substring(eq + 1), "--set " + a);
            out = set(out, path.split("\\."), 0, value, "--set " + a);
        }
        return out;
    }

    private static YamlNode set(YamlNode node, String[] keys, int i, YamlNode value, String origin) {
        if (i == keys.length) {
            return value;
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        String nodeOrigin = origin;
        if (node instanceof YamlNode.Mapping m) {
            entries.putAll(m.entries());
            origins.putAll(m.keyOrigins());
            nodeOrigin = m.origin();
        } else if (node != null && !(node instanceof YamlNode.Scalar s && s.value() == null)) {
            throw new RecipeException(String.join(".", java.util.Arrays.copyOf(keys, i)), origin,
                    "cannot set '" + keys[i] + "' inside a value that is not a mapping", null);
        }
        entries.put(keys[i], set(entries.get(keys[i]), keys, i + 1, value, origin));
        origins.put(keys[i], origin);
        return new YamlNode.Mapping(entries, origins, nodeOrigin);
    }
}

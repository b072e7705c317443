package io.quant4j.recipe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the place it came from (file and line), so that binding errors can point at
 * it. Mappings keep key order.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {
    /** Where the node starts: {@code file line N} or {@code --set} for command-line overrides. */
    String origin();

    /** A mapping of string keys (insertion order) with each key's origin. */
    record Mapping(Map<String, YamlNode> entries, Map<String, String> keyOrigins, String origin) implements YamlNode {
        public Mapping {
            entries = new LinkedHashMap<>(entries);
            keyOrigins = new LinkedHashMap<>(keyOrigins);
        }
    }

    /** A list. */
    record Sequence(List<YamlNode> items, String origin) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /**
     * A scalar: {@code value} is a String, Long, Double, Boolean or null as YAML typed it.
     *
     * @param value the parsed value
     * @param text the source text
     * @param origin where it came from
     */
    record Scalar(Object value, String text, String origin) implements YamlNode {}
}

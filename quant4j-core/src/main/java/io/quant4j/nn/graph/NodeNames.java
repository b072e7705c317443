package io.quant4j.nn.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolves the name a user gives for a place in an imported graph ({@code --match NODE}): the
 * ONNX node name, its {@linkplain GraphModule#moduleNameOf module name}, or an edge (a node
 * output). A node stands for its first output.
 */
final class NodeNames {
    /** Nodes suggested when a name matches none. */
    private static final int SUGGESTIONS = 5;

    private NodeNames() {}

    /**
     * The edge {@code name} stands for among {@code nodes}.
     *
     * @throws GraphException naming up to five nodes of a similar name (letters only, one a prefix of
     *     the other) when none matches
     */
    static String edgeOf(List<GraphNode> nodes, String name) {
        for (GraphNode n : nodes) {
            if (!n.outputs().isEmpty() && (n.name().equals(name) || GraphModule.moduleNameOf(n.name()).equals(name))) {
                return n.outputs().get(0);
            }
        }
        for (GraphNode n : nodes) {
            if (n.outputs().contains(name)) {
                return name;
            }
        }
        List<String> like = new ArrayList<>();
        String key = letters(name);
        for (GraphNode n : nodes) {
            String k = letters(n.name());
            if (like.size() < SUGGESTIONS && !key.isEmpty() && !k.isEmpty() && (k.startsWith(key) || key.startsWith(k))) {
                like.add(n.name());
            }
        }
        throw new GraphException("expected a node or edge of the graph, found '" + name + "'", "graph nodes",
                "Give a node name as the ONNX file has it" + (like.isEmpty() ? " (see a viewer such as Netron)." : ", e.g. " + like + "."));
    }

    private static String letters(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }
}

package io.quant4j.onnx;

/** Removes {@code Identity} and {@code Dropout} nodes (eval mode) and dead nodes and constants. */
final class GraphCleanup {
    private GraphCleanup() {}

    static void apply(IrGraph g) {
        for (IrNode n : new java.util.ArrayList<>(g.nodes)) {
            boolean passThrough = n.type.equals("Identity") || n.type.equals("Dropout");
            if (passThrough && !g.outputs.contains(n.output)) {
                g.replaceUses(n.output, n.inputs.get(0));
                g.nodes.remove(n);
            }
        }
        g.removeDead();
    }
}

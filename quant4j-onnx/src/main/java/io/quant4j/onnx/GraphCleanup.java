package io.quant4j.onnx;

import io.quant4j.tensor.OpType;
/** Removes {@code Identity} and {@code Dropout} nodes (eval mode) and dead nodes and constants. */
final class GraphCleanup {
    private GraphCleanup() {}

    static void apply(IrGraph g) {
        for (IrNode n : new java.util.ArrayList<>(g.nodes)) {
            boolean passThrough = n.is(OpType.IDENTITY) || n.is(OpType.DROPOUT);
            if (passThrough && !g.outputs.contains(n.output)) {
                g.replaceUses(n.output, n.inputs.get(0));
                g.nodes.remove(n);
            }
        }
        g.removeDead();
    }
}

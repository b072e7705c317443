package io.quant4j.nn.graph;

import java.util.List;

/**
 * The computation of one op type with ONNX semantics: from the node's input values to its output
 * values (one per output name). Implementations use {@link io.quant4j.tensor.Tensor} operations
 * for dense values (so autograd and tracing see them) and plain Java for {@link Value.Ints}.
 */
@FunctionalInterface
public interface GraphOp {
    /** The outputs of {@code call}'s node. */
    List<Value> apply(OpCall call);
}

package io.quant4j.tensor;

import java.util.List;
import java.util.Map;

/**
 * The result of tracing one forward pass: a graph in topological order.
 *
 * @param inputs graph input value names
 * @param outputs graph output value names
 * @param ops operations in execution order
 * @param constants values read by operations that no operation produced, by name
 * @param shapes shape of every value seen (inputs, outputs of ops, constants)
 */
public record Trace(
        List<String> inputs,
        List<String> outputs,
        List<TracedOp> ops,
        Map<String, ConstantValue> constants,
        Map<String, long[]> shapes) {
    public Trace {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        ops = List.copyOf(ops);
        constants = Map.copyOf(constants);
        shapes = Map.copyOf(shapes);
    }

    /** The op types in order, e.g. {@code [Conv, BatchNormalization, Relu, ...]}. */
    public List<String> opTypes() {
        return ops.stream().map(TracedOp::type).toList();
    }
}

package io.quant4j.tensor;

import java.util.List;
import java.util.Map;

/**
 * One operation recorded by a {@link Tracer}: ONNX-ready, with the module it ran under.
 *
 * @param type operation type, ONNX naming where one exists ({@code Conv}, {@code Relu},
 *     {@code QuantizeDequantize}, ...)
 * @param inputs value names of the inputs, in order (graph input, earlier outputs or constants)
 * @param output value name of the output
 * @param attributes attributes ({@code long[]}, {@code Long}, {@code Float}, {@code float[]},
 *     {@code String}, {@code Boolean})
 * @param modulePath dotted path of the innermost module that ran it ({@code ""} for the root)
 * @param moduleType simple class name of that module
 */
public record TracedOp(
        String type,
        List<String> inputs,
        String output,
        Map<String, Object> attributes,
        String modulePath,
        String moduleType) {
    public TracedOp {
        inputs = List.copyOf(inputs);
        attributes = Map.copyOf(attributes);
    }

    /** Whether this op is of type {@code t}. */
    public boolean is(OpType t) {
        return t.is(type);
    }

    /** The op's type in the vocabulary, or empty for a user's own composite type. */
    public java.util.Optional<OpType> kind() {
        return OpType.of(type);
    }

    /** A long-array attribute, or null. */
    public long[] longs(String name) {
        return (long[]) attributes.get(name);
    }

    /** A numeric attribute as a double, or the default. */
    public double number(String name, double dflt) {
        Object o = attributes.get(name);
        return o instanceof Number n ? n.doubleValue() : dflt;
    }

    @Override
    public String toString() {
        return type + "(" + String.join(", ", inputs) + ") -> " + output + " @" + modulePath;
    }
}

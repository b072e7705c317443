package io.quant4j.nn.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One node of a dataflow graph, as ONNX describes it: a name, an op type, input and output value
 * names ({@code ""} for an omitted optional input) and attributes as plain Java values
 * ({@code Long}, {@code Float}, {@code String}, {@code long[]}, {@code float[]}, {@code String[]},
 * {@link HostTensor}).
 *
 * @param name node name (unique in the graph)
 * @param op op type ({@code Conv}, {@code Relu}, ...)
 * @param inputs input value names
 * @param outputs output value names
 * @param attributes attributes by name
 */
public record GraphNode(String name, String op, List<String> inputs, List<String> outputs, Map<String, Object> attributes) {
    public GraphNode {
        if (name == null || op == null || inputs == null || outputs == null || attributes == null) {
            throw new IllegalArgumentException("expected name, op, inputs, outputs and attributes, found a null");
        }
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    /** Whether input {@code i} is given (present and not the empty name). */
    public boolean hasInput(int i) {
        return i < inputs.size() && !inputs.get(i).isEmpty();
    }

    /** An integer attribute, or {@code dflt} when absent. */
    public long attrLong(String key, long dflt) {
        Object v = attributes.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw wrongType(key, "an integer", v);
    }

    /** A float attribute, or {@code dflt} when absent. */
    public float attrFloat(String key, float dflt) {
        Object v = attributes.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Float f) {
            return f;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw wrongType(key, "a float", v);
    }

    /** A string attribute, or {@code dflt} when absent. */
    public String attrString(String key, String dflt) {
        Object v = attributes.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string", v);
    }

    /** An integer-list attribute, or {@code dflt} (may be null) when absent. */
    public long[] attrLongs(String key, long[] dflt) {
        Object v = attributes.get(key);
        if (v == null) {
            return dflt == null ? null : dflt.clone();
        }
        if (v instanceof long[] a) {
            return a.clone();
        }
        if (v instanceof Long l) {
            return new long[] {l};
        }
        throw wrongType(key, "a list of integers", v);
    }

    /** A float-list attribute, or {@code dflt} (may be null) when absent. */
    public float[] attrFloats(String key, float[] dflt) {
        Object v = attributes.get(key);
        if (v == null) {
            return dflt == null ? null : dflt.clone();
        }
        if (v instanceof float[] a) {
            return a.clone();
        }
        throw wrongType(key, "a list of floats", v);
    }

    /** A tensor attribute, or null when absent. */
    public HostTensor attrTensor(String key) {
        Object v = attributes.get(key);
        if (v == null || v instanceof HostTensor) {
            return (HostTensor) v;
        }
        throw wrongType(key, "a tensor", v);
    }

    private GraphException wrongType(String key, String expected, Object found) {
        String shown = found instanceof long[] a ? Arrays.toString(a) : found instanceof float[] f ? Arrays.toString(f) : String.valueOf(found);
        return new GraphException(this, "expected attribute '" + key + "' to be " + expected + ", found " + shown,
                "Check the file against the ONNX operator specification of " + op + ".");
    }

    @Override
    public String toString() {
        return op + " node '" + name + "'";
    }
}

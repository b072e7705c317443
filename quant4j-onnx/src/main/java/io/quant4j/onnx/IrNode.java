package io.quant4j.onnx;

import io.quant4j.tensor.OpType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation of the export graph, before lowering to ONNX nodes: a traced op (traced type,
 * attributes, module path) that passes may rewrite. {@code quant} is set on
 * {@code QuantizeDequantize} nodes, {@code weight} on {@code QuantizedWeight} nodes and {@code bias} on
 * {@code QuantizedBias} nodes (no inputs).
 */
final class IrNode {
    String type;
    final List<String> inputs;
    String output;
    final Map<String, Object> attrs;
    final String modulePath;
    final String moduleType;
    QuantParams quant;
    QuantizedWeight weight;
    QuantizedBias bias;
    /** A signed activation quantizer written as uint8 with zero point 128 (same values; {@link LayoutPass}). */
    boolean offsetUint8;

    IrNode(String type, List<String> inputs, String output, Map<String, Object> attrs, String modulePath, String moduleType) {
        this.type = type;
        this.inputs = new ArrayList<>(inputs);
        this.output = output;
        this.attrs = new LinkedHashMap<>(attrs);
        this.modulePath = modulePath;
        this.moduleType = moduleType;
    }

    /** Where this op ran, for error messages: {@code layer1.0.conv1 (Conv2d)}. */
    String where() {
        return (modulePath.isEmpty() ? "<root>" : modulePath) + (moduleType.isEmpty() ? "" : " (" + moduleType + ")");
    }

    @Override
    public String toString() {
        return type + inputs + " -> " + output + " @" + modulePath;
    }

    /** Whether this node is of type {@code t}. */
    boolean is(OpType t) {
        return t.is(type);
    }
}

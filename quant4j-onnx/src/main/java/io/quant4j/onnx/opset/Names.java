package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.HashSet;
import java.util.Set;

/**
 * Every node and value name of a model (subgraphs included), handing out new ones for helper
 * nodes and initializers: the hint itself when free, else the hint with {@code _1}, {@code _2}...
 */
final class Names {
    private final Set<String> taken = new HashSet<>();

    Names(GraphProto g) {
        collect(g);
    }

    private void collect(GraphProto g) {
        g.getInputList().forEach(v -> taken.add(v.getName()));
        g.getOutputList().forEach(v -> taken.add(v.getName()));
        g.getValueInfoList().forEach(v -> taken.add(v.getName()));
        for (TensorProto t : g.getInitializerList()) {
            taken.add(t.getName());
        }
        for (NodeProto n : g.getNodeList()) {
            taken.add(n.getName());
            taken.addAll(n.getInputList());
            taken.addAll(n.getOutputList());
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    collect(a.getG());
                }
                a.getGraphsList().forEach(this::collect);
            }
        }
    }

    /** A name not used anywhere in the model, from a hint. */
    String fresh(String hint) {
        if (taken.add(hint)) {
            return hint;
        }
        for (int k = 1; ; k++) {
            String s = hint + "_" + k;
            if (taken.add(s)) {
                return s;
            }
        }
    }

    static Set<String> uses(GraphProto g) {
        Set<String> used = new HashSet<>();
        addUses(g, used);
        return used;
    }

    private static void addUses(GraphProto g, Set<String> used) {
        for (ValueInfoProto v : g.getOutputList()) {
            used.add(v.getName());
        }
        for (NodeProto n : g.getNodeList()) {
            used.addAll(n.getInputList());
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    addUses(a.getG(), used);
                }
                a.getGraphsList().forEach(x -> addUses(x, used));
            }
        }
    }
}

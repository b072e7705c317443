package io.quant4j.onnx.imports;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.nn.Module;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.nn.graph.GraphNode;
import io.quant4j.onnx.Quant4jVersion;
import io.quant4j.onnx.QuantParams;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.TiedQuantizer;
import io.quant4j.quantization.target.ExportLayout;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a quantized (or trained) copy of an imported graph back into the original ONNX model:
 * every node, name, dynamic axis and metadata entry of the original stays, the layers' current
 * weights replace the original initializers, and each quantizer becomes QuantizeLinear /
 * DequantizeLinear at the place it quantizes in Java: a layer's input quantizer before that layer
 * only, an edge quantizer ({@link GraphModule#quantizeEdge}) after the producer for every reader,
 * weights as int8 + DequantizeLinear (per channel), biases as int32 + DequantizeLinear when the
 * target rounds them ({@link ExportLayout#integerBias}). A folded BatchNorm becomes Identity.
 *
 * <p>The default-domain opset must be at least 13 (per-channel DequantizeLinear); older models
 * must be upgraded first.
 */
public final class GraphExporter {
    /** The smallest opset whose DequantizeLinear has the per-channel {@code axis}. */
    public static final int MIN_QDQ_OPSET = 13;

    private GraphExporter() {}

    /**
     * The graph the module computes: each module node as its original node (attributes, domain)
     * with the module's inputs and outputs, or built from the module node when the importer's
     * simplifications created it; every constant the nodes read as an initializer (the module's
     * current values); graph inputs, outputs and value_info of the original.
     */
    private static GraphProto emitted(ImportedModel original, GraphModule model) {
        GraphProto g = original.proto().getGraph();
        Map<String, NodeProto> originals = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            originals.put(original.nodeNames().get(i), g.getNode(i));
        }
        GraphProto.Builder b = g.toBuilder().clearNode().clearInitializer();
        java.util.Set<String> produced = new java.util.HashSet<>();
        g.getInputList().forEach(v -> produced.add(v.getName()));
        java.util.Set<String> constants = new java.util.LinkedHashSet<>();
        for (GraphNode gn : model.nodes()) {
            NodeProto base = originals.get(gn.name());
            NodeProto.Builder n = base != null ? base.toBuilder().clearInput().clearOutput()
                    : NodeProto.newBuilder().setOpType(gn.op());
            n.setName(gn.name()).addAllInput(gn.inputs()).addAllOutput(gn.outputs());
            if (base == null) {
                gn.attributes().forEach((k, v) -> n.addAttribute(io.quant4j.onnx.GraphEmitter.attribute(k, v)));
            }
            boolean layer = model.moduleName(gn) != null;
            for (int i = 0; i < gn.inputs().size(); i++) {
                String in = gn.inputs().get(i);
                if (!in.isEmpty() && !produced.contains(in) && (!layer || i == 0)) {
                    constants.add(in);
                }
            }
            produced.addAll(gn.outputs());
            b.addNode(n);
        }
        Map<String, TensorProto> originalConstants = new HashMap<>();
        g.getInitializerList().forEach(t -> originalConstants.put(t.getName(), t));
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Constant") && n.getOutputCount() == 1 && n.getAttributeCount() == 1 && n.getAttribute(0).hasT()) {
                originalConstants.put(n.getOutput(0), n.getAttribute(0).getT().toBuilder().setName(n.getOutput(0)).build());
            }
        }
        for (String c : constants) {
            TensorProto kept = originalConstants.get(c);
            if (kept != null) {
                // the original tensor, with its element type (a bool condition, int32 indices...)
                b.addInitializer(kept);
                continue;
            }
            io.quant4j.nn.graph.HostTensor t = model.constant(c);
            if (t == null) {
                throw new IllegalStateException("no value for constant '" + c + "' read by the graph");
            }
            b.addInitializer(t.isFloat() ? io.quant4j.onnx.IrTensor.ofFloats(t.shape(), t.floats()).toProto(c)
                    : io.quant4j.onnx.IrTensor.ofLongs(t.shape(), t.ints()).toProto(c));
        }
        return b.build();
    }

    /**
     * The quantized model.
     *
     * @param original the import the module came from (its graph is rewritten)
     * @param model a quantized or trained copy of {@code original.module()}
     * @throws OnnxImportException when the model's opset is below {@link #MIN_QDQ_OPSET} and it has quantizers
     */
    public static ModelProto toModel(ImportedModel original, GraphModule model, GraphExportOptions o) {
        ModelProto proto = original.proto();
        int opset = original.module().opset();
        if (opset < MIN_QDQ_OPSET) {
            throw new OnnxImportException("expected opset " + MIN_QDQ_OPSET + " or newer to write per-channel QuantizeLinear/DequantizeLinear,"
                    + " found opset " + opset, original.source().toString(), "Upgrade the model's opset first.");
        }
        ExportLayout layout = o.target().exportLayout();
        ProtoGraph g = new ProtoGraph(emitted(original, model));
        QdqEmitter qdq = new QdqEmitter(g, layout.signedAsUint8(), layout.onePairPerReader(), o.weightFormat());
        LayerWriter layers = new LayerWriter(g, qdq, layout.integerBias());
        Map<String, NodeProto.Builder> byName = new HashMap<>();
        for (NodeProto.Builder n : g.nodes) {
            byName.put(n.getName(), n);
        }
        for (GraphNode gn : model.nodes()) {
            String child = model.moduleName(gn);
            if (child != null) {
                layers.write(byName.get(gn.name()), model.children().get(child), child);
            }
        }
        model.edgeQuantizers().forEach((edge, child) -> {
            Module q = model.children().get(child);
            TensorQuantizer tq = q instanceof TiedQuantizer t ? t.owner() : (TensorQuantizer) q;
            if (tq.isQuantizing()) {
                qdq.forEdge(edge, QuantParams.of(tq, new long[0], child), child);
            }
        });
        GraphProto graph = g.build();
        Map<String, String> meta = new LinkedHashMap<>();
        proto.getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
        meta.put("quant4j.version", Quant4jVersion.get());
        meta.put("quant4j.source", original.source().getFileName().toString());
        meta.put("quant4j.weight_format", o.weightFormat().name());
        meta.putAll(layout.metadata());
        if (o.input() != null) {
            meta.put("quant4j.input_spec", o.input().toJson());
        }
        meta.putAll(o.metadata());
        ModelProto.Builder b = proto.toBuilder().setGraph(graph).clearMetadataProps();
        meta.forEach((k, v) -> b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        if (b.getProducerName().isEmpty()) {
            b.setProducerName("quant4j");
        }
        b.clearOpsetImport();
        for (OperatorSetIdProto op : proto.getOpsetImportList()) {
            b.addOpsetImport(op);
        }
        return b.build();
    }
}

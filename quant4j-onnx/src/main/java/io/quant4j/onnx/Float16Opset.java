package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Raises a graph {@link OnnxExporter} emitted (opset {@value OnnxExporter#OPSET}) to opset
 * {@value #OPSET}, the first where DequantizeLinear takes a float16 scale (its output type is the
 * scale's) and QuantizeLinear a float16 input; IR version {@value #IR_VERSION} goes with it.
 *
 * <p>Of the operators that gained a version in opsets 18 and 19 (ONNX Changelog), one change is not
 * compatible: ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2, ReduceLogSum,
 * ReduceLogSumExp and ReduceSumSquare take {@code axes} as an int64 input from 18 on, so such a
 * node's {@code axes} attribute becomes an initializer {@code <node>/axes}. The others keep what
 * they compute: Pad (optional {@code axes} input, wrap mode), Resize (antialias, axes, aspect
 * ratio policy, half_pixel_symmetric: defaults are the old behaviour), Split ({@code num_outputs}),
 * ScatterElements/ScatterND (max and min reductions), LpPool, AveragePool ({@code ceil_mode},
 * {@code dilations}), Cast ({@code saturate}, for float8 only), and the type extensions of
 * Constant, Equal, Identity, Reshape, Shape, Size, If, Loop, Scan, CastLike, QuantizeLinear and
 * DequantizeLinear.
 */
final class Float16Opset {
    /** The opset of a float16 Q/DQ graph. */
    static final int OPSET = 19;
    /** The IR version of opset 19. */
    static final int IR_VERSION = 9;

    private static final Set<String> REDUCE_AXES_INPUT = Set.of("ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
            "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare");

    private Float16Opset() {}

    /** Raises {@code m} (a default-domain opset from 13 up) to {@value #OPSET} when it is lower. */
    static void raise(ModelProto.Builder m) {
        long opset = 0;
        int at = -1;
        for (int i = 0; i < m.getOpsetImportCount(); i++) {
            OperatorSetIdProto o = m.getOpsetImport(i);
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = o.getVersion();
                at = i;
            }
        }
        if (at < 0) {
            throw new OnnxExportException("expected a default-domain opset import, found none", "float16 export",
                    "Give the exporter's model, which imports opset " + OnnxExporter.OPSET + ".", null);
        }
        if (opset >= OPSET) {
            return;
        }
        m.setOpsetImport(at, m.getOpsetImport(at).toBuilder().setVersion(OPSET));
        m.setIrVersion(Math.max(m.getIrVersion(), IR_VERSION));
        if (opset < 18) {
            m.setGraph(axesAsInputs(m.getGraph()));
        }
    }

    private static GraphProto axesAsInputs(GraphProto g) {
        Set<String> names = new HashSet<>();
        g.getInitializerList().forEach(t -> names.add(t.getName()));
        g.getInputList().forEach(v -> names.add(v.getName()));
        g.getNodeList().forEach(n -> names.addAll(n.getOutputList()));
        GraphProto.Builder b = g.toBuilder();
        for (int i = 0; i < b.getNodeCount(); i++) {
            NodeProto n = b.getNode(i);
            if (!REDUCE_AXES_INPUT.contains(n.getOpType()) || !n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                continue;
            }
            List<AttributeProto> attrs = n.getAttributeList();
            AttributeProto axes = attrs.stream().filter(a -> a.getName().equals("axes")).findFirst().orElse(null);
            if (axes == null) {
                continue; // no axes: every axis, as before (noop_with_empty_axes defaults to 0)
            }
            String name = n.getName() + "/axes";
            for (int k = 1; !names.add(name); k++) {
                name = n.getName() + "/axes_" + k;
            }
            long[] v = axes.getIntsList().stream().mapToLong(Long::longValue).toArray();
            TensorProto t = IrTensor.ofLongs(new long[] {v.length}, v).toProto(name);
            NodeProto.Builder nb = n.toBuilder().clearAttribute();
            attrs.stream().filter(a -> a != axes).forEach(nb::addAttribute);
            nb.addInput(name);
            b.setNode(i, nb).addInitializer(t);
        }
        return b.build();
    }
}

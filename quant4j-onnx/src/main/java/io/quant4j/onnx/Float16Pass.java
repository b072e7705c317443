package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.quant4j.io.Float16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The float16 form of an exported float32 graph ({@link ExportOptions#fp16()}), one pass over the
 * emitted {@link ModelProto}: every float tensor and op computes in float16, the file's interface
 * stays float32.
 * <ul>
 *   <li>FLOAT initializers become FLOAT16 (rounded to nearest even; a value beyond float16's
 *       65,504 is refused): float weights, biases, BatchNorm parameters, Clip bounds, the scales of
 *       DequantizeLinear, whose output type is its scale's (opset 19). int8 weights, int32 biases
 *       and zero points keep their types.
 *   <li>A FLOAT graph input is read through one {@code Cast(to=FLOAT16)} right after it; a FLOAT
 *       graph output is written by one {@code Cast(to=FLOAT)} at the end (its producer writes
 *       {@code <output>_float16}).
 *   <li>QuantizeLinear reads float32: its input through a {@code Cast(to=FLOAT)} (exact: every
 *       float16 is a float32; the graph input itself when it reads that), its scale as a float32
 *       initializer ({@code <scale>_float32} where the DequantizeLinear reads the float16 one).
 *       The ONNX spec allows a float16 QuantizeLinear from opset 19, but ONNX Runtime 1.29's CPU
 *       kernel truncates {@code x / scale} toward zero instead of rounding it to nearest even
 *       (onnxruntime issue 18576, fixed after 1.29 by pull request 32452): measured on
 *       resnet_fmnist, 76 % of the first quantizer's integers one step toward zero, top-1 agreement
 *       with the float32 file 97.95 % instead of 99.71 % on the 10,000 test images. So these are the
 *       only Casts inside the graph, one per QuantizeLinear.
 *   <li>{@code Cast(to=FLOAT)} and {@code dtype} attributes inside the graph become FLOAT16, as do
 *       FLOAT Constant and ConstantOfShape values.
 *   <li>With QuantizeLinear or DequantizeLinear nodes the default-domain opset rises to
 *       {@value Float16Opset#OPSET} ({@link Float16Opset}); {@code metadata_props["quant4j.float16"]}
 *       says what was done.
 * </ul>
 * A DequantizeLinear scale that is subnormal in float16 (below 2^-14, fewer significant bits) is
 * noted; one that rounds to 0 or infinity is refused ({@link OnnxExportException}).
 */
final class Float16Pass {
    /** Metadata key of a float16 export. */
    static final String METADATA_KEY = "quant4j.float16";

    private static final int FLOAT = DataType.FLOAT.getNumber();
    private static final int FLOAT16 = DataType.FLOAT16.getNumber();
    private static final String Q = LayoutPass.Q;
    private static final String DQ = LayoutPass.DQ;

    /** Inputs that stay float32 (by op type, the input positions): QuantizeLinear's x and scale, Resize's scales. */
    private static final Map<String, Set<Integer>> FLOAT32_INPUTS = Map.of(Q, Set.of(0, 1), "Resize", Set.of(2), "Upsample", Set.of(1));

    /** The converted model and what the conversion noted. */
    record Result(ModelProto model, List<String> notes) {
        Result {
            notes = List.copyOf(notes);
        }
    }

    private final GraphProto g;
    private final Set<String> names = new HashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> subnormalScales = new ArrayList<>();
    private int subnormalValues;
    private float smallestScale = Float.POSITIVE_INFINITY;

    private Float16Pass(GraphProto g) {
        this.g = g;
        g.getInputList().forEach(v -> names.add(v.getName()));
        g.getOutputList().forEach(v -> names.add(v.getName()));
        g.getInitializerList().forEach(t -> names.add(t.getName()));
        for (NodeProto n : g.getNodeList()) {
            names.add(n.getName());
            names.addAll(n.getOutputList());
        }
    }

    /** The float16 form of {@code fp32} (a graph {@link OnnxExporter} emitted). */
    static Result apply(ModelProto fp32) {
        Float16Pass p = new Float16Pass(fp32.getGraph());
        GraphProto graph = p.convert();
        if (!p.subnormalScales.isEmpty()) {
            p.notes.add(String.format(Locale.ROOT, "%d values of %d DequantizeLinear scales (first '%s') are subnormal in float16"
                    + " (below 2^-14, down to %.3g): stored with fewer significant bits, up to %.2g relative error",
                    p.subnormalValues, p.subnormalScales.size(), p.subnormalScales.get(0), p.smallestScale, 0x1p-25 / p.smallestScale));
        }
        boolean qdq = graph.getNodeList().stream().anyMatch(n -> n.getOpType().equals(Q) || n.getOpType().equals(DQ));
        ModelProto.Builder b = fp32.toBuilder().setGraph(graph);
        if (qdq) {
            Float16Opset.raise(b);
        }
        b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(METADATA_KEY).setValue("float parts in float16"
                + (qdq ? "; QuantizeLinear reads float32 through a Cast (ONNX Runtime 1.29 truncates float16 QuantizeLinear),"
                + " DequantizeLinear writes float16 (opset " + Float16Opset.OPSET + ")" : "")
                + "; inputs and outputs float32"));
        return new Result(b.build(), p.notes);
    }

    private GraphProto convert() {
        for (NodeProto n : g.getNodeList()) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getType() == AttributeProto.AttributeType.GRAPH || a.getType() == AttributeProto.AttributeType.GRAPHS) {
                    throw refuse("node '" + n.getName() + "' (" + n.getOpType() + ") has a subgraph, which the float16 pass does"
                            + " not convert");
                }
            }
        }
        // who reads each value in float32 (QuantizeLinear x/scale, Resize scales) and who in float16
        Set<String> read32 = new HashSet<>();
        Set<String> read16 = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            Set<Integer> slots = FLOAT32_INPUTS.getOrDefault(n.getOpType(), Set.of());
            for (int i = 0; i < n.getInputCount(); i++) {
                (slots.contains(i) ? read32 : read16).add(n.getInput(i));
            }
        }
        g.getOutputList().forEach(v -> read16.add(v.getName()));
        Set<String> dqScales = new HashSet<>();
        g.getNodeList().stream().filter(n -> n.getOpType().equals(DQ)).forEach(n -> dqScales.add(n.getInput(1)));

        GraphProto.Builder out = g.toBuilder().clearInitializer().clearNode().clearOutput().clearValueInfo();
        Map<String, String> as32 = new HashMap<>(); // value -> its float32 form, for float32 readers
        for (TensorProto t : g.getInitializerList()) {
            if (t.getDataType() != FLOAT) {
                out.addInitializer(t);
                continue;
            }
            boolean r32 = read32.contains(t.getName());
            boolean r16 = read16.contains(t.getName()) || !r32;
            if (r16) {
                out.addInitializer(half(t, dqScales.contains(t.getName())));
            }
            if (r32) {
                String name = r16 ? unique(t.getName() + "_float32") : t.getName();
                out.addInitializer(t.toBuilder().setName(name));
                as32.put(t.getName(), name);
            }
        }
        Map<String, String> renamed = new HashMap<>(); // value -> the name float16 readers use
        for (ValueInfoProto v : g.getInputList()) {
            if (v.getType().getTensorType().getElemType() == FLOAT) {
                as32.put(v.getName(), v.getName());
                if (read16.contains(v.getName())) {
                    String h = unique(v.getName() + "_float16");
                    out.addNode(cast(unique(v.getName() + "/Cast_to_float16"), v.getName(), h, FLOAT16));
                    renamed.put(v.getName(), h);
                }
            }
        }
        Set<String> produced = new HashSet<>();
        g.getNodeList().forEach(n -> produced.addAll(n.getOutputList()));
        Set<String> floatOutputs = new HashSet<>();
        for (ValueInfoProto v : g.getOutputList()) {
            if (v.getType().getTensorType().getElemType() == FLOAT && produced.contains(v.getName())) {
                floatOutputs.add(v.getName());
                renamed.put(v.getName(), unique(v.getName() + "_float16"));
            }
        }
        for (NodeProto n : g.getNodeList()) {
            NodeProto.Builder b = n.toBuilder().clearInput().clearOutput();
            Set<Integer> slots = FLOAT32_INPUTS.getOrDefault(n.getOpType(), Set.of());
            for (int i = 0; i < n.getInputCount(); i++) {
                String in = n.getInput(i);
                if (in.isEmpty()) {
                    b.addInput(in);
                } else if (slots.contains(i)) {
                    b.addInput(as32.computeIfAbsent(in, v -> {
                        String w = unique(v + "_float32");
                        out.addNode(cast(unique(n.getName() + "/Cast_to_float32"), renamed.getOrDefault(v, v), w, FLOAT));
                        return w;
                    }));
                } else {
                    b.addInput(renamed.getOrDefault(in, in));
                }
            }
            n.getOutputList().forEach(o -> b.addOutput(renamed.getOrDefault(o, o)));
            out.addNode(retype(b, n));
        }
        for (ValueInfoProto v : g.getOutputList()) {
            if (floatOutputs.contains(v.getName())) {
                out.addNode(cast(unique(v.getName() + "/Cast_to_float32"), renamed.get(v.getName()), v.getName(), FLOAT));
            }
            out.addOutput(v);
        }
        for (ValueInfoProto v : g.getValueInfoList()) {
            if (v.getType().getTensorType().getElemType() == FLOAT && !as32.containsKey(v.getName())) {
                ValueInfoProto.Builder vb = v.toBuilder().setName(renamed.getOrDefault(v.getName(), v.getName()));
                vb.getTypeBuilder().getTensorTypeBuilder().setElemType(FLOAT16);
                out.addValueInfo(vb);
            } else {
                out.addValueInfo(v);
            }
        }
        return out.build();
    }

    /** The node with FLOAT type attributes ({@code to}, {@code dtype}) and FLOAT constant values made FLOAT16. */
    private NodeProto retype(NodeProto.Builder b, NodeProto n) {
        for (int i = 0; i < b.getAttributeCount(); i++) {
            AttributeProto a = b.getAttribute(i);
            if ((a.getName().equals("to") || a.getName().equals("dtype")) && a.getType() == AttributeProto.AttributeType.INT
                    && a.getI() == FLOAT) {
                b.setAttribute(i, a.toBuilder().setI(FLOAT16));
            } else if (a.getType() == AttributeProto.AttributeType.TENSOR && a.getT().getDataType() == FLOAT
                    && (n.getOpType().equals("Constant") || n.getOpType().equals("ConstantOfShape"))) {
                b.setAttribute(i, a.toBuilder().setT(half(a.getT(), false)));
            } else if (n.getOpType().equals("Constant") && (a.getName().equals("value_float") || a.getName().equals("value_floats"))) {
                throw refuse("Constant '" + n.getName() + "' holds its value as " + a.getName() + ", which is float32 by"
                        + " definition");
            }
        }
        return b.build();
    }

    /** A FLOAT tensor as FLOAT16 (same name and dims); a DequantizeLinear scale is checked for float16's range. */
    private TensorProto half(TensorProto t, boolean scale) {
        float[] v = OnnxVerifier.floats(t);
        ByteBuffer bb = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        int subnormal = 0;
        float smallest = Float.POSITIVE_INFINITY;
        for (float x : v) {
            short h = Float16.fromFloat(x);
            float back = Float16.toFloat(h);
            if (Float.isInfinite(back) && !Float.isInfinite(x)) {
                throw refuse(String.format(Locale.ROOT, "tensor '%s' holds %g, beyond float16's largest value %.0f", t.getName(),
                        x, Float16.MAX_VALUE));
            }
            if (scale && back == 0 && x != 0) {
                throw refuse(String.format(Locale.ROOT, "the DequantizeLinear scale '%s' holds %g, which is 0 in float16"
                        + " (smallest subnormal 2^-24 = 6.0e-8)", t.getName(), x));
            }
            if (scale && Math.abs(back) < Float16.MIN_NORMAL) {
                subnormal++;
                smallest = Math.min(smallest, Math.abs(x));
            }
            bb.putShort(h);
        }
        if (subnormal > 0) {
            subnormalScales.add(t.getName());
            subnormalValues += subnormal;
            smallestScale = Math.min(smallestScale, smallest);
        }
        return t.toBuilder().clearFloatData().setDataType(FLOAT16).setRawData(ByteString.copyFrom(bb.array())).build();
    }

    private static NodeProto cast(String name, String in, String out, int to) {
        return NodeProto.newBuilder().setName(name).setOpType("Cast").addInput(in).addOutput(out)
                .addAttribute(GraphEmitter.attribute("to", (long) to)).build();
    }

    private String unique(String hint) {
        String name = hint;
        for (int i = 1; !names.add(name); i++) {
            name = hint + "_" + i;
        }
        return name;
    }

    private static OnnxExportException refuse(String problem) {
        return new OnnxExportException(problem, "float16 export",
                "Export without fp16 (the float32 file; TensorRT's --fp16 runs its float parts in half precision itself).", null);
    }
}

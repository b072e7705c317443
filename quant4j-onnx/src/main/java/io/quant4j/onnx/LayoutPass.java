package io.quant4j.onnx;

import io.quant4j.quantization.target.ExportLayout;
import io.quant4j.tensor.OpType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a target's {@link ExportLayout} to the Q/DQ graph: the rewrites it turns on, in this
 * order, none of which changes what the graph computes (the onnxruntime target turns on all of
 * them, the layout its QDQ fusions match; TensorRT none):
 * <ol>
 *   <li>an int32 bias whose scale is not input scale x weight scale (which QLinearConv assumes)
 *       is exported as float values instead (noted);
 *   <li>a quantizer reading the output of MaxPool / Flatten / Reshape of an unquantized tensor moves
 *       before that op, and such an op reading a dequantized tensor gets the same Q/DQ after it
 *       (both exact: these ops commute with quantization and keep values on the grid); so
 *       {@code GlobalAveragePool -> Flatten -> Q} becomes {@code GlobalAveragePool -> Q -> DQ ->
 *       Flatten -> Q -> DQ}, and a conv reading {@code MaxPool(DQ(x))} reads a DQ;
 *   <li>quantizers of the same tensor with the same parameters (tied quantizers) become one;
 *   <li>signed activation quantizers are written as uint8 with zero point 128 (the same values);
 *   <li>a quantized tensor read by several ops gets one QuantizeLinear and one DequantizeLinear per
 *       reader (ONNX Runtime fuses a DQ into one node group only, and an op whose output feeds two
 *       QuantizeLinear nodes cannot take a quantized output).
 * </ol>
 */
final class LayoutPass {
    static final String Q = OpType.QUANTIZE_LINEAR.onnxName();
    static final String DQ = OpType.DEQUANTIZE_LINEAR.onnxName();

    private LayoutPass() {}

    static void apply(IrGraph g, ExportLayout layout, List<String> notes) {
        Set<String> preserving = layout.preservingOps().stream().map(OpType::onnxName).collect(Collectors.toSet());
        if (layout.integerBias()) {
            checkBiases(g, preserving, notes);
        }
        if (layout.commutePreservingOps()) {
            commuteBackward(g, preserving);
            insertAfterPreserving(g, preserving);
        }
        if (layout.mergeTiedQuantizers()) {
            mergeTied(g);
        }
        if (layout.signedAsUint8()) {
            offsetSigned(g);
        }
        if (layout.onePairPerReader()) {
            splitPerReader(g);
        }
    }

    /**
     * Signed activation quantizers are written as uint8 with zero point 128: {@code q_u8 = q_s8 + 128}
     * with the same scale, so Q and DQ compute the same values. It is the form ONNX Runtime's x86
     * kernels take (it converts int8 pairs itself only where a Q feeds a single DQ).
     */
    private static void offsetSigned(IrGraph g) {
        for (IrNode n : g.nodes) {
            if (activationQdq(n) && !n.quant.unsigned()) {
                n.offsetUint8 = true;
            }
        }
    }

    private static boolean activationQdq(IrNode n) {
        return n != null && n.is(OpType.QUANTIZE_DEQUANTIZE) && n.quant != null;
    }

    // ------------------------------------------------------------------ 1. int32 biases

    private static void checkBiases(IrGraph g, Set<String> preserving, List<String> notes) {
        for (IrNode n : g.nodes) {
            if (!(OpType.CONV.is(n.type) || OpType.LINEAR.is(n.type)) || n.inputs.size() < 3) {
                continue;
            }
            IrNode b = g.producer(n.inputs.get(2));
            if (b == null || b.bias == null) {
                continue;
            }
            IrNode in = quantizedSource(g, n.inputs.get(0), preserving);
            IrNode w = g.producer(n.inputs.get(1));
            String why = consistent(b.bias, in, w);
            if (why != null) {
                String name = g.addConstant(b.bias.source() + "_rounded", IrTensor.ofFloats(new long[] {b.bias.q().length},
                        b.bias.dequantized()), new long[] {b.bias.q().length});
                n.inputs.set(2, name);
                notes.add("the int32 bias of " + n.where() + " is exported as float (" + why
                        + "): ONNX Runtime keeps this layer in float");
            }
        }
        g.removeDead();
    }

    /** Null when the bias scale is input scale x weight scale, else why not. */
    private static String consistent(QuantizedBias b, IrNode in, IrNode w) {
        if (in == null || in.quant.perChannel()) {
            return "its input is not quantized per tensor";
        }
        if (w == null || w.weight == null) {
            return "its weight is not quantized";
        }
        float sIn = in.quant.onnxScales()[0];
        float[] sw = w.weight.params().onnxScales();
        float[] s = b.scale();
        for (int k = 0; k < s.length; k++) {
            if (s[k] != sIn * sw[sw.length == 1 ? 0 : k]) {
                return "bias scale " + s[k] + " != input scale " + sIn + " x weight scale " + sw[sw.length == 1 ? 0 : k];
            }
        }
        return null;
    }

    /** The activation quantizer a value comes from (through preserving ops), or null. */
    private static IrNode quantizedSource(IrGraph g, String value, Set<String> preserving) {
        IrNode p = g.producer(value);
        while (p != null && preserving.contains(p.type)) {
            p = g.producer(p.inputs.get(0));
        }
        return activationQdq(p) ? p : null;
    }

    // ------------------------------------------------------------------ 2. preserving ops

    /** {@code y -> P -> Q(p)} with y unquantized becomes {@code y -> Q(p) -> P}. */
    private static void commuteBackward(IrGraph g, Set<String> preserving) {
        for (IrNode p : new ArrayList<>(g.nodes)) {
            if (!preserving.contains(p.type) || g.outputs.contains(p.output) || activationQdq(g.producer(p.inputs.get(0)))) {
                continue;
            }
            List<IrNode> readers = g.consumers(p.output);
            if (readers.size() != 1 || !activationQdq(readers.get(0))) {
                continue;
            }
            IrNode q = readers.get(0);
            String y = p.inputs.get(0);
            String w = q.output;
            g.replaceUses(w, p.output);
            q.inputs.set(0, y);
            p.inputs.set(0, w);
            g.shapes.put(w, g.shapes.get(y).clone());
            g.nodes.remove(q);
            g.nodes.add(g.nodes.indexOf(p), q);
        }
    }

    /** {@code DQ(p) -> P -> readers} becomes {@code DQ(p) -> P -> Q(p) -> DQ(p) -> readers}. */
    private static void insertAfterPreserving(IrGraph g, Set<String> preserving) {
        for (IrNode p : new ArrayList<>(g.nodes)) {
            IrNode src = g.producer(p.inputs.isEmpty() ? "" : p.inputs.get(0));
            if (!preserving.contains(p.type) || !activationQdq(src) || g.outputs.contains(p.output)) {
                continue;
            }
            List<IrNode> readers = g.consumers(p.output);
            if (readers.isEmpty() || readers.stream().allMatch(LayoutPass::activationQdq)) {
                continue;
            }
            String out = p.output + "_requantized";
            IrNode q = new IrNode(OpType.QUANTIZE_DEQUANTIZE.onnxName(), List.of(p.output), out, src.attrs, p.modulePath, p.moduleType);
            q.quant = src.quant;
            g.replaceUses(p.output, out);
            q.inputs.set(0, p.output);
            g.shapes.put(out, g.shapes.get(p.output).clone());
            g.nodes.add(g.nodes.indexOf(p) + 1, q);
        }
    }

    // ------------------------------------------------------------------ 3. tied quantizers

    private static void mergeTied(IrGraph g) {
        Map<String, IrNode> first = new LinkedHashMap<>();
        for (IrNode n : new ArrayList<>(g.nodes)) {
            if (!activationQdq(n)) {
                continue;
            }
            String key = n.inputs.get(0) + "|" + Arrays.toString(n.quant.amax()) + "|" + n.quant.unsigned() + "|" + n.quant.axis();
            IrNode f = first.putIfAbsent(key, n);
            if (f != null && !g.outputs.contains(n.output)) {
                g.replaceUses(n.output, f.output);
                g.nodes.remove(n);
            }
        }
    }

    // ------------------------------------------------------------------ 4. one DQ per reader

    private static void splitPerReader(IrGraph g) {
        for (IrNode n : new ArrayList<>(g.nodes)) {
            if (!activationQdq(n)) {
                continue;
            }
            List<IrNode> readers = g.consumers(n.output);
            if (readers.size() < 2 || g.outputs.contains(n.output)) {
                continue;
            }
            QuantParams p = n.quant;
            long[] dims = p.perChannel() ? new long[] {p.amax().length} : new long[0];
            String base = n.modulePath.isEmpty() ? "quantizer" : n.modulePath;
            String s = g.addConstant(base + ".scale", IrTensor.ofFloats(dims, p.onnxScales()), dims);
            String z = g.addConstant(base + ".zero_point", QdqLowering.zeroPoint(p, n.offsetUint8, dims), dims);
            Map<String, Object> attrs = p.perChannel() ? Map.of("axis", (long) p.axis()) : Map.of();
            String qOut = n.output + "_quantized";
            IrNode q = new IrNode(Q, List.of(n.inputs.get(0), s, z), qOut, attrs, n.modulePath, n.moduleType);
            q.quant = p;
            q.offsetUint8 = n.offsetUint8;
            g.shapes.put(qOut, g.shapes.get(n.output).clone());
            int at = g.nodes.indexOf(n);
            g.nodes.set(at, q);
            for (int i = 0; i < readers.size(); i++) {
                String out = i == 0 ? n.output : n.output + "_" + i;
                IrNode dq = new IrNode(DQ, List.of(qOut, s, z), out, attrs, n.modulePath, n.moduleType);
                dq.quant = p;
                dq.offsetUint8 = n.offsetUint8;
                g.shapes.put(out, g.shapes.get(n.output).clone());
                if (i > 0) {
                    readers.get(i).inputs.replaceAll(v -> v.equals(n.output) ? out : v);
                }
                g.nodes.add(at + 1 + i, dq);
            }
        }
    }
}

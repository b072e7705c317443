package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.quant4j.nn.Module;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.TiedQuantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The activation quantizers of an exported graph, compared one by one between ONNX Runtime and
 * the Java forward ({@link TensorAgreement}).
 *
 * <p>ONNX side: every {@code QuantizeLinear} whose input is not an initializer (a weight) becomes
 * an extra graph output of a copy of the model ({@link #probeModel()}), so ONNX Runtime returns the
 * integers it computed; a {@code QuantizeLinear} output is also the output of the integer kernel
 * ONNX Runtime fuses it into (QLinearConv, QLinearAdd, ...), so the copy forms the same kernels
 * (on x86-64 it adds Transposes that hand the integers out in NCHW).
 * The exporter names the node {@code <quantizer path>/QuantizeLinear}: that is how a node finds its
 * Java quantizer. Each {@code DequantizeLinear} reading such integers must use the scale and zero
 * point of its {@code QuantizeLinear} ({@link #problems()}).
 *
 * <p>Java side: during the Java forward of the same inputs, the output {@code y} of each quantizing
 * {@link TensorQuantizer} (or {@link TiedQuantizer}) a node names is compared at once, as levels
 * of the Java quantizer's own grid, {@code rint(y / step)} with {@code step = amax / maxBound},
 * against {@code q_ort - zp}, {@code zp} being the zero point that grid implies (0, or 128 for a
 * signed quantizer written as uint8): a scale or zero point the export got wrong shows as well as a
 * computation that differs. A quantizer that runs twice in one forward, or whose output does not
 * have its node's element count, is not compared ({@link #unmatched()}). Batches are compared in
 * chunks of at most {@value #CHUNK} samples and {@value #CHUNK_VALUES} input values (unless the
 * graph's batch is fixed): a chunk's probed tensors are held at once, and a detector's are a few
 * hundred times its input.
 */
final class QuantizedTensors {
    /** Samples per comparison chunk: the integers of every probed tensor of a chunk are held at once. */
    static final int CHUNK = 16;

    /** Input values per comparison chunk at most: five 3 x 48 x 320 text lines, one 224 x 224 image or one page. */
    static final int CHUNK_VALUES = 1 << 18;

    /** One activation {@code QuantizeLinear}: its output, quantizer path, uint8 integers or not, and axis (-1 per tensor). */
    record Probe(String output, String quantizer, boolean uint8, int axis) {}

    private final List<Probe> probes;
    private final Map<String, List<Probe>> byQuantizer = new HashMap<>();
    private final ModelProto probeModel;
    private final List<String> problems;
    private final boolean staticBatch;
    private final Map<String, TensorAgreement> tally = new LinkedHashMap<>();
    private final Set<String> unmatched = new TreeSet<>();
    private final Set<String> repeated = new TreeSet<>();

    private QuantizedTensors(List<Probe> probes, ModelProto probeModel, List<String> problems, boolean staticBatch) {
        this.probes = probes;
        this.probeModel = probeModel;
        this.problems = problems;
        this.staticBatch = staticBatch;
        probes.forEach(p -> byQuantizer.computeIfAbsent(p.quantizer(), k -> new ArrayList<>()).add(p));
    }

    /** The activation quantizers of {@code proto}; none for a float model. */
    static QuantizedTensors of(ModelProto proto) {
        GraphProto g = proto.getGraph();
        Map<String, TensorProto> inits = new HashMap<>();
        g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        Set<String> outputs = new HashSet<>();
        g.getOutputList().forEach(v -> outputs.add(v.getName()));
        List<Probe> probes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        GraphProto.Builder b = g.toBuilder();
        for (NodeProto n : g.getNodeList()) {
            if (!n.getOpType().equals(LayoutPass.Q) || n.getInputCount() < 3 || inits.containsKey(n.getInput(0))) {
                continue;
            }
            TensorProto scale = inits.get(n.getInput(1));
            TensorProto zp = inits.get(n.getInput(2));
            if (scale == null || zp == null) {
                continue;
            }
            int axis = scale.getDimsCount() == 0 ? -1 : (int) axisOf(n);
            String name = n.getName();
            int slash = name.lastIndexOf('/');
            boolean uint8 = zp.getDataType() == TensorProto.DataType.UINT8.getNumber();
            probes.add(new Probe(n.getOutput(0), slash < 0 ? "" : name.substring(0, slash), uint8, axis));
            if (!outputs.contains(n.getOutput(0))) {
                b.addOutput(ValueInfoProto.newBuilder().setName(n.getOutput(0)).setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(zp.getDataType()))));
            }
            for (NodeProto dq : g.getNodeList()) {
                if (dq.getOpType().equals(LayoutPass.DQ) && dq.getInputCount() >= 3 && dq.getInput(0).equals(n.getOutput(0))
                        && !(sameValues(inits.get(dq.getInput(1)), scale) && sameValues(inits.get(dq.getInput(2)), zp)
                        && (axis < 0 || axisOf(dq) == axis))) {
                    problems.add("DequantizeLinear '" + dq.getName() + "' reads the integers of '" + name
                            + "' with another scale, zero point or axis");
                }
            }
        }
        boolean staticBatch = g.getInputCount() > 0 && g.getInput(0).getType().getTensorType().getShape().getDimCount() > 0
                && g.getInput(0).getType().getTensorType().getShape().getDim(0).hasDimValue();
        return new QuantizedTensors(probes, proto.toBuilder().setGraph(b).build(), problems, staticBatch);
    }

    private static long axisOf(NodeProto n) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals("axis")).mapToLong(a -> a.getI()).findFirst().orElse(1);
    }

    private static boolean sameValues(TensorProto a, TensorProto b) {
        return a != null && a.getDataType() == b.getDataType() && a.getDimsList().equals(b.getDimsList())
                && (a.getDataType() == TensorProto.DataType.FLOAT.getNumber()
                        ? Arrays.equals(OnnxVerifier.floats(a), OnnxVerifier.floats(b)) : a.getRawData().equals(b.getRawData()));
    }

    /** Whether the graph has an activation quantizer. */
    boolean isEmpty() {
        return probes.isEmpty();
    }

    List<Probe> probes() {
        return probes;
    }

    /** The model with every probe's integers as an extra output (the first output unchanged). */
    ModelProto probeModel() {
        return probeModel;
    }

    /** Dequantizers whose scale, zero point or axis differ from their quantizer's (found in the graph). */
    List<String> problems() {
        return problems;
    }

    /** Compares the model with the probe model on every batch (ONNX Runtime with {@code ort}). */
    void measure(Module model, List<ImageBatch> batches, OrtOptions ort) {
        try (OrtRunner r = OrtRunner.open(probeModel.toByteArray(), ort)) {
            for (ImageBatch b : batches) {
                for (ImageBatch c : staticBatch ? List.of(b) : chunks(b, chunkSize(b))) {
                    add(model, c, r);
                }
            }
        }
    }

    /** One chunk: ONNX Runtime's integers first, then the Java forward compares each quantizer output as it appears. */
    private void add(Module model, ImageBatch b, OrtRunner r) {
        Map<String, OrtRunner.Output> ort = r.runOutputs(b.data(), b.shape(),
                probes.stream().map(Probe::output).distinct().toList());
        Set<String> seen = new HashSet<>();
        OnnxVerifier.javaForward(model, b, (path, module, in, out) -> {
            TensorQuantizer q = module instanceof TensorQuantizer tq ? tq : module instanceof TiedQuantizer t ? t.owner() : null;
            List<Probe> ps = byQuantizer.get(path);
            if (q == null || ps == null || !q.isQuantizing()) {
                return;
            }
            if (!seen.add(path)) {
                repeated.add(path);
                return;
            }
            float[] amax = q.quantizingAmax();
            if (amax == null) {
                unmatched.add(path);
                return;
            }
            float[] steps = new float[amax.length];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = amax[i] / q.maxBound();
            }
            float[] y = out.toFloatArray();
            int zero = q.grid().unsigned() ? 0 : 128;
            for (Probe p : ps) {
                OrtRunner.Output o = ort.get(p.output());
                long[] shape = o.shape();
                boolean fits = y.length == o.values().length && (steps.length == 1
                        || p.axis() >= 0 && p.axis() < shape.length && shape[p.axis()] == steps.length);
                if (!fits) {
                    unmatched.add(path);
                    continue;
                }
                long[] d = levelDiffs(o, p.axis(), p.uint8() ? zero : 0, y, steps);
                tally.merge(path, TensorAgreement.empty(path).add(d), (x, unused) -> x.add(d));
            }
        });
        byQuantizer.keySet().stream().filter(k -> !seen.contains(k)).forEach(unmatched::add);
    }

    /**
     * Per element {@code (q_ort - zp) - rint(y / step)} (a step of 0, from {@code amax = 0}, means
     * level 0, as the simulation outputs 0 there).
     */
    static long[] levelDiffs(OrtRunner.Output o, int axis, int zp, float[] y, float[] steps) {
        long[] shape = o.shape();
        long inner = 1;
        for (int d = axis + 1; axis >= 0 && d < shape.length; d++) {
            inner *= shape[d];
        }
        int channels = steps.length;
        float[] q = o.values();
        long[] out = new long[q.length];
        for (int i = 0; i < q.length; i++) {
            float s = steps[channels == 1 ? 0 : (int) ((i / inner) % channels)];
            long java = s <= QuantParams.TINY / 127 ? 0 : (long) Math.rint(y[i] / s);
            out[i] = (long) q[i] - zp - java;
        }
        return out;
    }

    /** The batch as consecutive chunks of at most {@code max} samples. */
    /** Samples per chunk of this batch: {@code clamp(CHUNK_VALUES / values per sample, 1, CHUNK)}. */
    static int chunkSize(ImageBatch b) {
        int per = Math.max(1, b.data().length / Math.max(1, b.size()));
        return Math.max(1, Math.min(CHUNK, CHUNK_VALUES / per));
    }

    static List<ImageBatch> chunks(ImageBatch b, int max) {
        if (b.size() <= max) {
            return List.of(b);
        }
        long[] shape = b.shape();
        int per = b.data().length / b.size();
        List<ImageBatch> out = new ArrayList<>();
        for (int start = 0; start < b.size(); start += max) {
            int n = Math.min(max, b.size() - start);
            long[] s = shape.clone();
            s[0] = n;
            out.add(new ImageBatch(Arrays.copyOfRange(b.data(), start * per, (start + n) * per), s,
                    b.labels() == null ? null : Arrays.copyOfRange(b.labels(), start, start + n)));
        }
        return out;
    }

    /** What was compared, by quantizer path in graph order (quantizers that ran twice in a forward left out). */
    List<TensorAgreement> agreements() {
        return tally.values().stream().filter(a -> !repeated.contains(a.quantizer())).toList();
    }

    /** Probed quantizers that could not be compared (no Java quantizer at the node's path, another size, or run twice). */
    List<String> unmatched() {
        Set<String> out = new TreeSet<>(unmatched);
        agreements().forEach(a -> out.remove(a.quantizer()));
        out.addAll(repeated);
        return List.copyOf(out);
    }
}

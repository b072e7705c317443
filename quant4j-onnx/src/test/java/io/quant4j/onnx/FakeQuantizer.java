package io.quant4j.onnx;

import io.quant4j.nn.Module;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Tracer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only fake quantizer recording the exporter's contract: one composite
 * {@code QuantizeDequantize} op with {@code amax}, {@code num_bits}, {@code unsigned},
 * {@code narrow_range}, {@code axis}. The body is the plain simulation of spec §2
 * ({@code clamp(round(x * maxBound/amax)) / (maxBound/amax)}). In calibration mode it is the
 * identity and records {@code max|x|} (per tensor or per channel).
 */
final class FakeQuantizer extends Module {
    float[] amax;
    final int axis;
    long numBits = 8;
    boolean unsigned;
    boolean narrowRange;
    boolean calibrating;
    boolean emptyAmax;

    FakeQuantizer(int axis) {
        this.axis = axis;
    }

    static FakeQuantizer perTensor() {
        return new FakeQuantizer(-1);
    }

    static FakeQuantizer perChannel(int axis) {
        return new FakeQuantizer(axis);
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        if (calibrating) {
            observe(x);
            return x;
        }
        Map<String, Object> attrs = new HashMap<>();
        if (amax != null) {
            attrs.put("amax", amax.clone());
        } else if (emptyAmax) {
            attrs.put("amax", new float[0]);
        }
        attrs.put("num_bits", numBits);
        attrs.put("unsigned", unsigned);
        attrs.put("narrow_range", narrowRange);
        attrs.put("axis", (long) axis);
        return Tracer.composite("QuantizeDequantize", List.of(x), attrs, () -> amax == null ? x : fakeQuant(x));
    }

    private Tensor fakeQuant(Tensor x) {
        int maxBound = (1 << (numBits - 1 + (unsigned ? 1 : 0))) - 1;
        int minBound = unsigned ? 0 : narrowRange ? -maxBound : -maxBound - 1;
        float[] scale = new float[amax.length];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = maxBound / amax[i];
        }
        long[] shape = new long[axis < 0 ? 0 : x.rank()];
        if (axis >= 0) {
            java.util.Arrays.fill(shape, 1);
            shape[axis] = amax.length;
        }
        Tensor s = Tensor.fromFloats(scale, shape);
        return x.mul(s).round().clamp(minBound, maxBound).div(s);
    }

    private void observe(Tensor x) {
        float[] v = x.toFloatArray();
        long[] dims = x.shape();
        int channels = axis < 0 ? 1 : (int) dims[axis];
        long inner = 1;
        for (int d = axis + 1; axis >= 0 && d < dims.length; d++) {
            inner *= dims[d];
        }
        float[] m = amax != null && amax.length == channels ? amax : new float[channels];
        for (int i = 0; i < v.length; i++) {
            int c = axis < 0 ? 0 : (int) ((i / inner) % channels);
            m[c] = Math.max(m[c], Math.abs(v[i]));
        }
        amax = m;
    }
}

package io.quant4j.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.quant4j.quantization.calib.Amax;
import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.calib.HistogramCalibrator;
import io.quant4j.quantization.calib.MaxCalibrator;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reproduces every case of {@code shared/reference/quantization_reference.json} (values computed
 * by pytorch-quantization) within the tolerances of the spec (§9): fake-quant outputs, gradients
 * and max-calibrator amax bit-exact; histogram bin count and total exact; percentile / entropy /
 * mse amax within 2 float32 ulps. Each case is its own dynamic test; the cases are read from the
 * file, so new ones (other bit widths, unsigned, more batches, other input kinds) run unchanged.
 */
class QuantizationReferenceTest {
    private static JsonObject ref;

    /** The reference file, read on first use (a missing shared/ folder aborts, inside a test). */
    private static synchronized JsonObject ref() {
        if (ref == null) {
            ref = ReferenceFile.read();
        }
        return ref;
    }

    @TestFactory
    Stream<DynamicTest> fakeQuant() {
        JsonObject fq = ref().getAsJsonObject("fake_quant");
        float[] input = floats(fq.getAsJsonArray("input"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : fq.entrySet()) {
            if (e.getKey().equals("input")) {
                continue;
            }
            String key = e.getKey();
            float[] expected = floats(e.getValue().getAsJsonArray());
            tests.add(dynamicTest("fake_quant " + key, () -> checkFakeQuant(key, input, expected)));
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    private static void checkFakeQuant(String key, float[] input, float[] expected) {
        float amax = Float.NaN;
        int bits = 8;
        boolean narrow = false;
        boolean unsigned = false;
        boolean abs = false;
        for (String part : key.split("\\|")) {
            String[] kv = part.split("=", 2);
            switch (kv[0].trim()) {
                case "amax" -> amax = Float.parseFloat(kv[1]);
                case "bits" -> bits = Integer.parseInt(kv[1]);
                case "narrow" -> narrow = Boolean.parseBoolean(kv[1].trim().toLowerCase());
                case "unsigned" -> unsigned = kv.length == 1 || Boolean.parseBoolean(kv[1].trim().toLowerCase());
                case "input" -> abs = kv[1].trim().equals("abs");
                default -> throw new IllegalArgumentException("unknown fake_quant key part '" + part + "' in " + key);
            }
        }
        float[] x = input.clone();
        if (abs) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.abs(x[i]);
            }
        }
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withNumBits(bits).withNarrowRange(narrow)
                .withUnsigned(unsigned).withAmax(amax);
        try (TensorQuantizer q = new TensorQuantizer(d); Scope s = Scope.open()) {
            try (Autograd.Recording off = Autograd.noGrad()) {
                assertBitExact(q.forward(Tensor.fromFloats(x, x.length)).toFloatArray(), expected, key + " (no grad)");
            }
            try (Autograd.Recording rec = Autograd.record()) {
                Tensor xt = Tensor.fromFloats(x, x.length).requiresGrad(true);
                assertBitExactButZeroSign(q.forward(xt).toFloatArray(), expected, key + " (with STE)");
            }
            for (int i = 0; i < x.length; i++) {
                assertThat(Float.floatToIntBits(d.grid().fakeQuant(x[i], amax)))
                        .as("%s scalar fq(%s)", key, x[i]).isEqualTo(Float.floatToIntBits(expected[i]));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> perChannel() {
        JsonObject pc = ref().getAsJsonObject("per_channel");
        float[] w = floats(pc.getAsJsonArray("weight"));
        long[] shape = longs(pc.getAsJsonArray("shape"));
        int axis = pc.get("axis").getAsInt();
        float[] amax = floats(pc.getAsJsonArray("amax"));
        float[] calibAmax = floats(pc.getAsJsonArray("max_calibrator_amax"));
        float[] output = floats(pc.getAsJsonArray("output"));
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withAxis(axis);
        return Stream.of(
                dynamicTest("per_channel max calibrator amax", () -> {
                    try (Scope s = Scope.open()) {
                        MaxCalibrator c = new MaxCalibrator(axis, "reference");
                        c.collect(Tensor.fromFloats(w, shape));
                        Amax a = c.computeAmax();
                        assertBitExact(a.values(), calibAmax, "max_calibrator_amax");
                        assertThat(a.shape()).hasSize(shape.length);
                        assertThat(a.shape()[axis]).isEqualTo(shape[axis]);
                    }
                }),
                dynamicTest("per_channel dynamic amax and output", () -> {
                    try (TensorQuantizer q = new TensorQuantizer(d); Scope s = Scope.open()) {
                        assertBitExact(MaxCalibrator.reduceAmax(Tensor.fromFloats(w, shape), axis, null).values(), amax, "amax");
                        assertBitExact(q.forward(Tensor.fromFloats(w, shape)).toFloatArray(), output, "dynamic output");
                    }
                }),
                dynamicTest("per_channel calibrated output (with and without STE)", () -> {
                    try (TensorQuantizer q = new TensorQuantizer(d); Scope s = Scope.open()) {
                        q.disableQuant().enableCalib();
                        q.forward(Tensor.fromFloats(w, shape));
                        q.enableQuant().disableCalib();
                        q.loadCalibAmax();
                        assertBitExact(q.amax(), calibAmax, "loaded amax");
                        assertBitExact(q.forward(Tensor.fromFloats(w, shape)).toFloatArray(), output, "calibrated output");
                        try (Autograd.Recording rec = Autograd.record()) {
                            Tensor wt = Tensor.fromFloats(w, shape).requiresGrad(true);
                            assertBitExactButZeroSign(q.forward(wt).toFloatArray(), output, "calibrated output with STE");
                        }
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> gradients() {
        JsonObject g = ref().getAsJsonObject("gradients");
        List<DynamicTest> tests = new ArrayList<>();
        if (g.has("ste")) {
            JsonObject ste = g.getAsJsonObject("ste");
            tests.add(dynamicTest("gradients ste", () -> {
                float[] x = floats(ste.getAsJsonArray("input"));
                float amax = ste.get("amax").getAsFloat();
                try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAmax(amax));
                     Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                    Tensor xt = Tensor.fromFloats(x, x.length).requiresGrad(true);
                    rec.backward(q.forward(xt).sum());
                    assertBitExact(xt.grad().toFloatArray(), floats(ste.getAsJsonArray("grad_of_sum")), "grad_of_sum");
                }
            }));
        }
        if (g.has("learn_amax_clip")) {
            JsonObject la = g.getAsJsonObject("learn_amax_clip");
            tests.add(dynamicTest("gradients learn_amax_clip", () -> {
                float[] x = floats(la.getAsJsonArray("input"));
                float init = la.get("init_amax").getAsFloat();
                float[] up = floats(la.getAsJsonArray("upstream_grad"));
                QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withLearnAmax(true).withAmax(init);
                try (TensorQuantizer q = new TensorQuantizer(d); Scope s = Scope.open();
                     Autograd.Recording rec = Autograd.record()) {
                    Tensor xt = Tensor.fromFloats(x, x.length).requiresGrad(true);
                    Tensor y = q.forward(xt);
                    assertBitExact(y.toFloatArray(), floats(la.getAsJsonArray("output")), "output");
                    rec.backward(y, Tensor.fromFloats(up, up.length));
                    assertBitExact(xt.grad().toFloatArray(), floats(la.getAsJsonArray("grad_input")), "grad_input");
                    assertBitExact(q.clip().min().value().grad().toFloatArray(),
                            new float[] {la.get("grad_clip_min").getAsFloat()}, "grad_clip_min");
                    assertBitExact(q.clip().max().value().grad().toFloatArray(),
                            new float[] {la.get("grad_clip_max").getAsFloat()}, "grad_clip_max");
                }
            }));
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> histogram() {
        JsonObject h = ref().getAsJsonObject("histogram");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : h.entrySet()) {
            JsonObject c = e.getValue().getAsJsonObject();
            tests.add(dynamicTest("histogram " + e.getKey(), () -> checkHistogram(e.getKey(), c)));
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    private static void checkHistogram(String name, JsonObject c) {
        QuantGrid grid = new QuantGrid(c.get("num_bits").getAsInt(), c.get("unsigned").getAsBoolean(), false);
        HistogramCalibrator hist = new HistogramCalibrator(grid, null, name);
        MaxCalibrator max = new MaxCalibrator(null, name);
        for (JsonElement b : c.getAsJsonArray("batches")) {
            JsonArray batch = b.getAsJsonArray();
            float[] x = ReferenceInputs.generate(batch.get(0).getAsString(), batch.get(1).getAsInt(), batch.get(2).getAsLong());
            try (Scope s = Scope.open()) {
                Tensor t = Tensor.fromFloats(x, x.length);
                hist.collect(t);
                max.collect(t);
            }
        }
        for (Map.Entry<String, JsonElement> e : c.entrySet()) {
            String k = e.getKey();
            String what = name + " " + k;
            switch (k) {
                case "batches", "num_bits", "unsigned" -> { }
                case "num_hist_bins" -> assertThat(hist.numBins()).as(what).isEqualTo(e.getValue().getAsInt());
                case "hist_total" -> assertThat(hist.total()).as(what).isEqualTo(e.getValue().getAsLong());
                case "last_edge" -> {
                    float[] edges = hist.edges();
                    assertUlps(edges[edges.length - 1], e.getValue().getAsFloat(), what);
                }
                case "max" -> assertBitExact(max.computeAmax().values(), new float[] {e.getValue().getAsFloat()}, what);
                case "entropy" -> {
                    // pytorch-quantization's unbounded search, and quant4j's default (at most 0.1 % clipped)
                    assertUlps(hist.computeAmax(AmaxMethod.entropy(1.0)).get(0), e.getValue().getAsFloat(), what);
                    assertUlps(hist.computeAmax(AmaxMethod.entropy()).get(0), e.getValue().getAsFloat(), what + " (bounded)");
                }
                case "mse" -> assertUlps(hist.computeAmax(AmaxMethod.mse()).get(0), e.getValue().getAsFloat(), what);
                default -> {
                    if (!k.startsWith("percentile_")) {
                        throw new IllegalArgumentException("unknown histogram reference field '" + k + "' in " + name);
                    }
                    double p = Double.parseDouble(k.substring("percentile_".length()));
                    assertUlps(hist.computeAmax(AmaxMethod.percentile(p)).get(0), e.getValue().getAsFloat(), what);
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static void assertBitExact(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToIntBits(actual[i])).as("%s[%d]: expected %s, found %s", what, i, expected[i], actual[i])
                    .isEqualTo(Float.floatToIntBits(expected[i]));
        }
    }

    /**
     * Bit-exact except that {@code -0} may read {@code +0}: with autograd on, the STE adds
     * {@code c - c.detach() = +0} to the quantized value (see {@link FakeQuant}).
     */
    static void assertBitExactButZeroSign(float[] actual, float[] expected, String what) {
        float[] a = actual.clone();
        float[] e = expected.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] += 0f;
        }
        for (int i = 0; i < e.length; i++) {
            e[i] += 0f;
        }
        assertBitExact(a, e, what);
    }

    private static void assertUlps(float actual, float expected, String what) {
        long ulps = Math.abs((long) Float.floatToIntBits(actual) - Float.floatToIntBits(expected));
        assertThat(ulps).as("%s: expected %s, found %s (%d ulps apart)", what, expected, actual, ulps).isLessThanOrEqualTo(2);
    }

    private static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    private static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }
}

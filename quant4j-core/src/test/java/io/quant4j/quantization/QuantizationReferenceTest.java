package io.quant4j.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Reproduces every case of the reference vectors computed by pytorch-quantization (the files bundled
 * under {@code src/test/resources/io/quant4j/quantization/reference/}, see the README there, or the
 * one file named by {@code -Dquant4j.reference.file=PATH}) within the tolerances of the numerics
 * contract (§9): fake-quant outputs, gradients and max-calibrator amax bit-exact; histogram bin count
 * and total exact; percentile / entropy / mse amax within 2 float32 ulps. Each case is its own
 * dynamic test, grouped by file; the cases are read from the files, so new ones (other bit widths,
 * unsigned, more batches, other input kinds) run unchanged. A missing or empty file, or a section
 * with no case, fails; the number of cases run per file and section is printed at the end.
 */
class QuantizationReferenceTest {
    private static final ReferenceTally TALLY = new ReferenceTally();
    private static List<ReferenceSet> sets;

    /** The reference files, read on first use (a missing or empty one fails, inside a test). */
    private static synchronized List<ReferenceSet> sets() {
        if (sets == null) {
            List<ReferenceSet> loaded = ReferenceFile.load();
            loaded.forEach(set -> TALLY.file(set.source()));
            sets = loaded;
        }
        return sets;
    }

    @AfterAll
    static void printCounts() {
        System.out.println(TALLY.summary());
    }

    @TestFactory
    Stream<DynamicNode> fakeQuant() {
        return section("fake_quant", QuantizationReferenceTest::fakeQuantCases);
    }

    @TestFactory
    Stream<DynamicNode> perChannel() {
        return section("per_channel", QuantizationReferenceTest::perChannelCases);
    }

    @TestFactory
    Stream<DynamicNode> gradients() {
        return section("gradients", QuantizationReferenceTest::gradientCases);
    }

    @TestFactory
    Stream<DynamicNode> axes() {
        return section("axes", AxisReferenceCases::cases);
    }

    @TestFactory
    Stream<DynamicNode> histogram() {
        return section("histogram", QuantizationReferenceTest::histogramCases);
    }

    /**
     * The cases of {@code section} in every file of the run, one container per file. A file that
     * has the section but no case in it fails; a file without the section (allowed only for a file
     * passed with -Dquant4j.reference.file, see {@link ReferenceFile}) contributes nothing, and if
     * no file of the run has it the section is reported as skipped.
     */
    private static Stream<DynamicNode> section(String section, Function<JsonObject, Map<String, Executable>> cases) {
        List<DynamicNode> nodes = new ArrayList<>();
        List<String> without = new ArrayList<>();
        for (ReferenceSet set : sets()) {
            if (!set.has(section)) {
                without.add(set.source());
                continue;
            }
            Map<String, Executable> c = cases.apply(set.section(section));
            if (c.isEmpty()) {
                fail(set.source() + ": the section \"" + section + "\" has no case; expected at least one"
                        + " (see the README next to the bundled reference files for the schema)");
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (Map.Entry<String, Executable> e : c.entrySet()) {
                TALLY.registered(set.source(), section);
                tests.add(dynamicTest(section + " " + e.getKey(), () -> {
                    e.getValue().execute();
                    TALLY.passed(set.source(), section);
                }));
            }
            nodes.add(dynamicContainer(set.source(), tests.stream()));
        }
        if (nodes.isEmpty()) {
            nodes.add(dynamicTest(section + " (absent)", () -> Assumptions.abort(
                    "no reference file of this run has the section \"" + section + "\": " + without)));
        }
        return nodes.stream();
    }

    private static Map<String, Executable> fakeQuantCases(JsonObject fq) {
        assertThat(fq.has("input")).as("fake_quant has its \"input\" array").isTrue();
        float[] input = floats(fq.getAsJsonArray("input"));
        Map<String, Executable> cases = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : fq.entrySet()) {
            if (e.getKey().equals("input")) {
                continue;
            }
            String key = e.getKey();
            float[] expected = floats(e.getValue().getAsJsonArray());
            cases.put(key, () -> checkFakeQuant(key, input, expected));
        }
        return cases;
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

    private static Map<String, Executable> perChannelCases(JsonObject pc) {
        float[] w = floats(pc.getAsJsonArray("weight"));
        long[] shape = longs(pc.getAsJsonArray("shape"));
        int axis = pc.get("axis").getAsInt();
        float[] amax = floats(pc.getAsJsonArray("amax"));
        float[] calibAmax = floats(pc.getAsJsonArray("max_calibrator_amax"));
        float[] output = floats(pc.getAsJsonArray("output"));
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withAxis(axis);
        Map<String, Executable> cases = new LinkedHashMap<>();
        cases.put("max calibrator amax", () -> {
            try (Scope s = Scope.open()) {
                MaxCalibrator c = new MaxCalibrator(QuantAxis.of(axis), "reference");
                c.collect(Tensor.fromFloats(w, shape));
                Amax a = c.computeAmax();
                assertBitExact(a.values(), calibAmax, "max_calibrator_amax");
                assertThat(a.shape()).hasSize(shape.length);
                assertThat(a.shape()[axis]).isEqualTo(shape[axis]);
            }
        });
        cases.put("dynamic amax and output", () -> {
            try (TensorQuantizer q = new TensorQuantizer(d); Scope s = Scope.open()) {
                assertBitExact(MaxCalibrator.reduceAmax(Tensor.fromFloats(w, shape), QuantAxis.of(axis), null).values(), amax, "amax");
                assertBitExact(q.forward(Tensor.fromFloats(w, shape)).toFloatArray(), output, "dynamic output");
            }
        });
        cases.put("calibrated output (with and without STE)", () -> {
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
        });
        return cases;
    }

    private static Map<String, Executable> gradientCases(JsonObject g) {
        Map<String, Executable> cases = new LinkedHashMap<>();
        for (String key : g.keySet()) {
            if (!key.equals("ste") && !key.equals("learn_amax_clip")) {
                throw new IllegalArgumentException("unknown gradients case '" + key
                        + "': expected \"ste\" or \"learn_amax_clip\"");
            }
        }
        if (g.has("ste")) {
            JsonObject ste = g.getAsJsonObject("ste");
            cases.put("ste", () -> {
                float[] x = floats(ste.getAsJsonArray("input"));
                float amax = ste.get("amax").getAsFloat();
                try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAmax(amax));
                     Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                    Tensor xt = Tensor.fromFloats(x, x.length).requiresGrad(true);
                    rec.backward(q.forward(xt).sum());
                    assertBitExact(xt.grad().toFloatArray(), floats(ste.getAsJsonArray("grad_of_sum")), "grad_of_sum");
                }
            });
        }
        if (g.has("learn_amax_clip")) {
            JsonObject la = g.getAsJsonObject("learn_amax_clip");
            cases.put("learn_amax_clip", () -> {
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
            });
        }
        return cases;
    }

    private static Map<String, Executable> histogramCases(JsonObject h) {
        Map<String, Executable> cases = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : h.entrySet()) {
            JsonObject c = e.getValue().getAsJsonObject();
            cases.put(e.getKey(), () -> checkHistogram(e.getKey(), c));
        }
        return cases;
    }

    /**
     * Checks every field of one histogram case and reports all that differ at once. {@code entropy}
     * is checked with {@code AmaxMethod.entropy()} (the default, which the numerics contract §6
     * defines as pytorch-quantization's unbounded search) and with {@code AmaxMethod.entropy(1.0)}
     * (the search spelled out with no bound on the clipped fraction).
     */
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
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : c.entrySet()) {
            String k = e.getKey();
            switch (k) {
                case "batches", "num_bits", "unsigned" -> { }
                case "num_hist_bins" -> exact(hist.numBins(), e.getValue().getAsLong(), k, diffs);
                case "hist_total" -> exact(hist.total(), e.getValue().getAsLong(), k, diffs);
                case "last_edge" -> {
                    float[] edges = hist.edges();
                    ulps(edges[edges.length - 1], e.getValue().getAsFloat(), k, diffs);
                }
                case "max" -> ulps(max.computeAmax().values()[0], e.getValue().getAsFloat(), k, 0, diffs);
                case "entropy" -> {
                    ulps(hist.computeAmax(AmaxMethod.entropy()).get(0), e.getValue().getAsFloat(), "entropy", diffs);
                    ulps(hist.computeAmax(AmaxMethod.entropy(1.0)).get(0), e.getValue().getAsFloat(), "entropy(1.0)", diffs);
                }
                case "mse" -> ulps(hist.computeAmax(AmaxMethod.mse()).get(0), e.getValue().getAsFloat(), k, diffs);
                default -> {
                    if (!k.startsWith("percentile_")) {
                        throw new IllegalArgumentException("unknown histogram reference field '" + k + "' in " + name
                                + ": expected batches, num_bits, unsigned, num_hist_bins, hist_total, last_edge, max,"
                                + " percentile_P, entropy or mse");
                    }
                    double p = Double.parseDouble(k.substring("percentile_".length()));
                    ulps(hist.computeAmax(AmaxMethod.percentile(p)).get(0), e.getValue().getAsFloat(), k, diffs);
                }
            }
        }
        if (!diffs.isEmpty()) {
            fail(name + ": " + diffs.size() + " field(s) differ from pytorch-quantization:\n  " + String.join("\n  ", diffs));
        }
    }

    private static void exact(long actual, long expected, String what, List<String> diffs) {
        if (actual != expected) {
            diffs.add(what + ": expected " + expected + ", found " + actual);
        }
    }

    private static void ulps(float actual, float expected, String what, List<String> diffs) {
        ulps(actual, expected, what, 2, diffs);
    }

    private static void ulps(float actual, float expected, String what, int tolerance, List<String> diffs) {
        long ulps = Math.abs((long) Float.floatToIntBits(actual) - Float.floatToIntBits(expected));
        if (ulps > tolerance) {
            diffs.add(what + ": expected " + expected + ", found " + actual + " (" + ulps + " ulps apart, at most "
                    + tolerance + " allowed)");
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

    static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }
}

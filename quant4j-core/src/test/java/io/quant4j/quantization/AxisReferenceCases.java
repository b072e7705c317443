package io.quant4j.quantization;

import static io.quant4j.quantization.QuantizationReferenceTest.assertBitExact;
import static io.quant4j.quantization.QuantizationReferenceTest.assertBitExactButZeroSign;
import static io.quant4j.quantization.QuantizationReferenceTest.floats;
import static io.quant4j.quantization.QuantizationReferenceTest.longs;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.quant4j.quantization.calib.Amax;
import io.quant4j.quantization.calib.MaxCalibrator;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/**
 * The {@code axes} section of the reference vectors: quantizers keeping several axes, or a negative
 * axis, computed by pytorch-quantization's TensorQuantizer and MaxCalibrator (schema in the README
 * next to the bundled files). Per case: the max calibrator's amax and its keep-dims shape after two
 * batches, the dynamic amax and output, the calibrated output with and without autograd, and the
 * straight-through gradient, all bit-exact (the sign of zero aside where autograd records).
 */
final class AxisReferenceCases {
    private AxisReferenceCases() {}

    static Map<String, Executable> cases(JsonObject section) {
        Map<String, Executable> cases = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : section.entrySet()) {
            JsonObject c = e.getValue().getAsJsonObject();
            cases.put(e.getKey() + " axis=" + axis(c), () -> check(e.getKey(), c));
        }
        return cases;
    }

    private static QuantAxis axis(JsonObject c) {
        JsonElement a = c.get("axis");
        if (a.isJsonArray()) {
            JsonArray arr = a.getAsJsonArray();
            int[] dims = new int[arr.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = arr.get(i).getAsInt();
            }
            return QuantAxis.of(dims);
        }
        return QuantAxis.of(a.getAsInt());
    }

    private static void check(String name, JsonObject c) {
        long[] shape = longs(c.getAsJsonArray("shape"));
        JsonArray batches = c.getAsJsonArray("batches");
        float[] x1 = floats(batches.get(0).getAsJsonArray());
        float[] x2 = floats(batches.get(1).getAsJsonArray());
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withNumBits(c.get("num_bits").getAsInt())
                .withUnsigned(c.get("unsigned").getAsBoolean()).withAxes(axis(c)).withName(name);
        float[] calibAmax = floats(c.getAsJsonArray("max_calibrator_amax"));
        float[] output = floats(c.getAsJsonArray("output"));
        try (Scope s = Scope.open()) {
            MaxCalibrator cal = new MaxCalibrator(d.axis(), name);
            cal.collect(Tensor.fromFloats(x1, shape));
            cal.collect(Tensor.fromFloats(x2, shape));
            Amax a = cal.computeAmax();
            assertBitExact(a.values(), calibAmax, name + " max_calibrator_amax");
            assertThat(a.shape()).as(name + " amax shape").containsExactly(longs(c.getAsJsonArray("amax_shape")));
            assertBitExact(MaxCalibrator.reduceAmax(Tensor.fromFloats(x1, shape), d.axis(), name).values(),
                    floats(c.getAsJsonArray("dynamic_amax")), name + " dynamic_amax");
        }
        try (TensorQuantizer dynamic = new TensorQuantizer(d); Scope s = Scope.open()) {
            assertBitExact(dynamic.forward(Tensor.fromFloats(x1, shape)).toFloatArray(),
                    floats(c.getAsJsonArray("dynamic_output")), name + " dynamic_output");
        }
        try (TensorQuantizer q = new TensorQuantizer(d); Scope s = Scope.open()) {
            q.disableQuant().enableCalib();
            q.forward(Tensor.fromFloats(x1, shape));
            q.forward(Tensor.fromFloats(x2, shape));
            q.enableQuant().disableCalib();
            q.loadCalibAmax();
            assertBitExact(q.amax(), calibAmax, name + " loaded amax");
            assertBitExact(q.forward(Tensor.fromFloats(x1, shape)).toFloatArray(), output, name + " output");
            try (Autograd.Recording rec = Autograd.record()) {
                Tensor xt = Tensor.fromFloats(x1, shape).requiresGrad(true);
                Tensor y = q.forward(xt);
                assertBitExactButZeroSign(y.toFloatArray(), output, name + " output with STE");
                rec.backward(y, Tensor.fromFloats(floats(c.getAsJsonArray("upstream_grad")), shape));
                assertBitExact(xt.grad().toFloatArray(), floats(c.getAsJsonArray("grad_input")), name + " grad_input");
            }
        }
    }
}

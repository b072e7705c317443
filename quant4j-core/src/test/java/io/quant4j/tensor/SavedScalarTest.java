package io.quant4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.quant4j.nn.Parameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Ops with a Java scalar that autograd saves for backward (mul, div, clamp of a parameter,
 * reciprocal's exponent) must keep that scalar alive until backward runs. DJL's {@code
 * nd.mul(Number)} builds the scalar over a direct buffer that is freed once its handle closes and
 * the buffer is collected; a backward that read it then multiplied by whatever the allocator put
 * there (NaN gradients in QAT of PP-OCRv4 det, one run in a few).
 */
class SavedScalarTest {
    /** Gradient of {@code sum(f(x))} at x, with the freed memory of the forward pass churned before backward. */
    private static float[] gradient(float[] x0, UnaryOperator<Tensor> f) {
        Parameter p = new Parameter(Tensor.fromFloats(x0, x0.length));
        try (Scope s = Scope.open(); Autograd.Recording r = Autograd.record()) {
            Tensor y = f.apply(p.value()).sum();
            churn();
            r.backward(y);
        }
        NDArray g = JniUtils.getGradient((PtNDArray) p.value().ndArray());
        float[] out = g.toFloatArray();
        g.close();
        p.value().ndArray().close();
        return out;
    }

    /** Collects freed direct buffers and fills the allocator's free blocks with a NaN pattern. */
    private static void churn() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            List<ByteBuffer> held = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                b.putFloat(0, Float.NaN);
                held.add(b);
            }
            held.clear();
        }
    }

    @Test
    void mulAndDivByAScalarBackpropagateTheScalar() {
        assertThat(gradient(new float[] {1f, -2f, 3f}, x -> x.mul(0.2f))).containsOnly(0.2f);
        assertThat(gradient(new float[] {1f, -2f, 3f}, x -> x.div(4f))).containsOnly(0.25f);
    }

    @Test
    void clampOfAParameterBackpropagatesWithinItsBounds() {
        assertThat(gradient(new float[] {-2f, 0.5f, 3f}, x -> x.clamp(-1f, 1f))).containsExactly(0f, 1f, 0f);
    }

    @Test
    void reciprocalBackpropagatesMinusOneOverXSquared() {
        assertThat(gradient(new float[] {2f, -4f}, GraphTensorOps::reciprocal)).containsExactly(-0.25f, -0.0625f);
    }
}

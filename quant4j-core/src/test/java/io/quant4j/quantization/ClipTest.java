package io.quant4j.quantization;

import static io.quant4j.quantization.QuantizationReferenceTest.assertBitExact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Learned clip gradients: central differences away from ties, the exact rule at ties. */
class ClipTest {

    /** The STE surrogate of a learnAmax quantizer: sum w * clip(x; lo, hi), in double. */
    private static double loss(float[] x, float[] w, double lo, double hi) {
        double l = 0;
        for (int i = 0; i < x.length; i++) {
            l += w[i] * Math.max(Math.min(x[i], hi), lo);
        }
        return l;
    }

    @Test
    void quantizerGradientsMatchCentralDifferencesAwayFromTies() {
        Random r = new Random(11);
        int n = 300;
        float lo = -0.8f;
        float hi = 1.1f;
        float[] x = new float[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            do {
                x[i] = (float) (r.nextGaussian() * 1.2);
            } while (Math.abs(x[i] - lo) < 1e-3 || Math.abs(x[i] - hi) < 1e-3);
            w[i] = (float) r.nextGaussian();
        }
        double h = 1e-4;
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withLearnAmax(true);
        try (TensorQuantizer q = new TensorQuantizer(d); Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            q.clip().set(lo, hi);
            Tensor xt = Tensor.fromFloats(x, n).requiresGrad(true);
            rec.backward(q.forward(xt), Tensor.fromFloats(w, n));
            float[] gx = xt.grad().toFloatArray();
            for (int i = 0; i < n; i++) {
                double numeric = (w[i] * Math.max(Math.min(x[i] + h, hi), lo) - w[i] * Math.max(Math.min(x[i] - h, hi), lo)) / (2 * h);
                assertThat((double) gx[i]).as("dL/dx[%d], x=%s", i, x[i]).isCloseTo(numeric, offset(1e-5));
            }
            double gMin = (loss(x, w, lo + h, hi) - loss(x, w, lo - h, hi)) / (2 * h);
            double gMax = (loss(x, w, lo, hi + h) - loss(x, w, lo, hi - h)) / (2 * h);
            assertThat((double) q.clip().min().value().grad().toFloatArray()[0]).isCloseTo(gMin, offset(1e-3));
            assertThat((double) q.clip().max().value().grad().toFloatArray()[0]).isCloseTo(gMax, offset(1e-3));
        }
    }

    @Test
    void tiesGoWhollyToTheBoundNotHalfAndHalf() {
        // x == clipMax and x == clipMin: the bound gets the whole upstream gradient, x none
        try (Clip clip = new Clip(-0.5f, 0.5f); Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor x = Tensor.fromFloats(new float[] {-0.5f, 0.5f, 0.2f}, 3).requiresGrad(true);
            Tensor y = clip.forward(x);
            assertBitExact(y.toFloatArray(), new float[] {-0.5f, 0.5f, 0.2f}, "clip");
            rec.backward(y, Tensor.fromFloats(new float[] {3f, 5f, 7f}, 3));
            assertBitExact(x.grad().toFloatArray(), new float[] {0f, 0f, 7f}, "dL/dx");
            assertBitExact(clip.min().value().grad().toFloatArray(), new float[] {3f}, "dL/dclipMin");
            assertBitExact(clip.max().value().grad().toFloatArray(), new float[] {5f}, "dL/dclipMax");
        }
    }

    @Test
    void describesItsBounds() {
        try (Clip clip = new Clip(-1f, 2f)) {
            assertThat(clip.extraRepr()).isEqualTo("min=-1.0, max=2.0");
            assertThat(clip.ownParameters().keySet()).containsExactly("clip_value_min", "clip_value_max");
            assertThat(clip.min().value().shape()).isEmpty();
        }
    }
}

package io.quant4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/** Straight-through cuts: the gradient that reaches the input is the masked one, on any graph. */
class StraightThroughTest {
    /** {@code out = 10 * input} written outside the graph, gradient masked by {@code keep}. */
    private static Tensor cut(Tensor input, boolean... keep) {
        Tensor out = NativeMemory.empty(DataType.FLOAT32, input.shape());
        Tensor mask = NativeMemory.empty(DataType.BOOLEAN, input.shape());
        float[] v = input.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            NativeMemory.floats(out).put(i, 10 * v[i]);
            NativeMemory.booleans(mask).put(i, (byte) (keep[i] ? 1 : 0));
        }
        StraightThrough.cut(input, out, mask, StraightThrough.Spans.all(v.length));
        return out;
    }

    @Test
    void residualGraphGetsTheMaskedGradientOfBothBranches() {
        Tensor x = Tensor.fromFloats(new float[] {1, 2, 3, 4}, 4).requiresGrad(true);
        Tensor w = Tensor.fromFloats(new float[] {1, 1, 1, 1}, 4).requiresGrad(true);
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor h = x.mul(Tensor.scalar(2f));
            Tensor q = cut(h, true, false, true, true);           // value 20x, gradient mask
            Tensor a = q.mul(w);                                   // branch 1
            Tensor q2 = cut(a.add(q), true, true, false, true);   // residual: both branches of q meet
            rec.backward(q2.mul(Tensor.fromFloats(new float[] {1, 2, 3, 4}, 4)).sum());
            // dL/dq2 = c; through the second cut: m2 * c = {1, 2, 0, 4}; dL/dq = that * (w + 1) = {2, 4, 0, 8};
            // through the first cut: m1 * {2, 4, 0, 8} = {2, 0, 0, 8}; dL/dx = 2 * that
            assertThat(x.grad().toFloatArray()).containsExactly(4, 0, 0, 16);
            // dL/dw = q * m2 * c = 20x * {1, 2, 0, 4}
            assertThat(w.grad().toFloatArray()).containsExactly(20, 80, 0, 320);
        }
    }

    @Test
    void twoCutsAndAGraphOpMayReadOneTensorWhoseHistorySavesTensors() {
        // h = x * w saves x and w for backward; h then reaches the loss three ways: through two cuts
        // (two quantizers of one tensor, as attention's q, k, v Linear layers have) and directly
        Tensor x = Tensor.fromFloats(new float[] {1, 2, 3, 4}, 4).requiresGrad(true);
        Tensor w = Tensor.fromFloats(new float[] {1, -1, 2, 0.5f}, 4).requiresGrad(true);
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor h = x.mul(w);
            Tensor q1 = cut(h, true, false, true, false);
            Tensor q2 = cut(h, true, true, false, false);
            Tensor c = Tensor.fromFloats(new float[] {1, 2, 3, 4}, 4);
            rec.backward(q1.add(q2.mul(c)).add(h.square()).sum());
            // dL/dh = m1 + m2 * c + 2h = {1,0,1,0} + {1,2,0,0} + 2 * {1,-2,6,2} = {4, -2, 13, 4}
            assertThat(x.grad().toFloatArray()).containsExactly(4, 2, 26, 2);      // * w
            assertThat(w.grad().toFloatArray()).containsExactly(4, -4, 39, 16);    // * x
        }
    }

    @Test
    void anInputOutsideTheGraphAndALeafInputBothWork() {
        Tensor data = Tensor.fromFloats(new float[] {1, -1}, 2);            // no gradient needed
        Tensor w = Tensor.fromFloats(new float[] {3, 4}, 2).requiresGrad(true); // a leaf (weights)
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor loss = cut(data, true, true).mul(cut(w, false, true)).sum();
            rec.backward(loss);
            assertThat(w.grad().toFloatArray()).containsExactly(0, -10);
        }
    }

    @Test
    void gradientsAccumulateOverSeveralForwardBackwardPairsOfOneRecording() {
        Tensor x = Tensor.fromFloats(new float[] {1, 2}, 2).requiresGrad(true);
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor unused = cut(x.mul(Tensor.scalar(1f)), true, true); // reached by no gradient: stays pending
            for (int i = 0; i < 2; i++) {
                rec.backward(cut(x.mul(Tensor.scalar(3f)), true, false).sum());
            }
            assertThat(unused.toFloatArray()).containsExactly(10, 20);
            assertThat(x.grad().toFloatArray()).containsExactly(6, 0);
        }
    }

    @Test
    void theMaskIsReadOnlyWithinItsSpans() {
        Tensor x = Tensor.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, 6).requiresGrad(true);
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor h = x.mul(Tensor.scalar(1f));
            Tensor out = NativeMemory.zeros(DataType.FLOAT32, 6);
            Tensor mask = NativeMemory.zeros(DataType.BOOLEAN, 6); // all 0: only spans count
            NativeMemory.booleans(mask).put(4, (byte) 1);
            StraightThrough.cut(h, out, mask, new StraightThrough.Spans(new int[] {1, 4}, new int[] {2, 2}));
            rec.backward(out.sum());
            assertThat(x.grad().toFloatArray()).containsExactly(1, 0, 0, 1, 1, 0);
        }
        Tensor y = Tensor.fromFloats(new float[] {1, 2}, 2).requiresGrad(true);
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor out = NativeMemory.zeros(DataType.FLOAT32, 2);
            StraightThrough.cut(y.mul(Tensor.scalar(1f)), out, NativeMemory.zeros(DataType.BOOLEAN, 2), StraightThrough.Spans.NONE);
            rec.backward(out.sum());
            assertThat(y.grad().toFloatArray()).as("no spans: the gradient passes unchanged").containsExactly(1, 1);
        }
    }

    @Test
    void onlyDataThatDoesNotRequireGradNeedsNoGradient() {
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor data = Tensor.fromFloats(new float[] {1, 2}, 2);
            assertThat(StraightThrough.needsGradient(data)).isFalse();
            Tensor w = Tensor.fromFloats(new float[] {1, 2}, 2).requiresGrad(true);
            assertThat(StraightThrough.needsGradient(w)).isTrue();
            assertThat(StraightThrough.needsGradient(w.mul(Tensor.scalar(2f)))).isTrue();
            assertThat(StraightThrough.needsGradient(data.mul(Tensor.scalar(2f)))).as("unknown: an op result").isTrue();
        }
    }

    @Test
    void aCutNeedsAnOpenRecording() {
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            assertThat(StraightThrough.available()).isFalse();
            Tensor x = Tensor.fromFloats(new float[] {1}, 1);
            assertThatThrownBy(() -> StraightThrough.cut(x, x, NativeMemory.zeros(DataType.BOOLEAN, 1),
                    StraightThrough.Spans.NONE))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Autograd.record()");
        }
        try (Autograd.Recording rec = Autograd.record()) {
            assertThat(StraightThrough.available()).isTrue();
        }
    }
}

package io.quant4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.DataType;
import io.quant4j.errors.Quant4jException;
import io.quant4j.quantization.FakeQuant;
import io.quant4j.quantization.QuantGrid;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Channels-last activations: the same values and gradients as contiguous ones, laid out N x H x W x C. */
class MemoryFormatTest {
    private static final ConvSpec SAME = new ConvSpec(Int2.of(1), Int2.of(1), Int2.of(1), 1);

    private static Tensor random(Random r, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.fromFloats(v, shape);
    }

    @Test
    void settingNamesTheFormatAndAWrongOneSaysWhatIsExpected() {
        assertThat(MemoryFormat.configured(null, null)).isEqualTo(MemoryFormat.CHANNELS_LAST);
        assertThat(MemoryFormat.configured(null, "Contiguous")).isEqualTo(MemoryFormat.CONTIGUOUS);
        assertThat(MemoryFormat.configured("channels_last", "contiguous")).isEqualTo(MemoryFormat.CHANNELS_LAST);
        assertThatThrownBy(() -> MemoryFormat.configured(null, "nhwc"))
                .isInstanceOf(Quant4jException.class)
                .hasMessageContaining("expected channels_last or contiguous, found \"nhwc\"")
                .hasMessageContaining(MemoryFormat.ENV);
    }

    @Test
    void memoryOrderOfAChannelsLastTensorIsPixelByPixel() {
        try (Scope s = Scope.open()) {
            float[] v = new float[2 * 3 * 2 * 2];
            for (int i = 0; i < v.length; i++) {
                v[i] = i;
            }
            Tensor x = Tensor.fromFloats(v, 2, 3, 2, 2);
            Tensor cl = MemoryFormat.CHANNELS_LAST.arrange(x);
            assertThat(MemoryFormat.of(x)).isEqualTo(MemoryFormat.CONTIGUOUS);
            assertThat(MemoryFormat.of(cl)).isEqualTo(MemoryFormat.CHANNELS_LAST);
            assertThat(cl.toFloatArray()).containsExactly(v);
            FloatBuffer m = NativeMemory.memoryFloats(cl);
            // (n, h, w, c) order: pixel (0, 0) of image 0 holds channels 0, 1, 2 = values 0, 4, 8
            assertThat(new float[] {m.get(0), m.get(1), m.get(2), m.get(3)}).containsExactly(0, 4, 8, 1);
            assertThat(MemoryFormat.of(x.transpose(2, 3))).isNull();
            assertThat(MemoryFormat.of(NativeMemory.empty(DataType.BOOLEAN, new long[] {2, 3, 2, 2}, MemoryFormat.CHANNELS_LAST)))
                    .isEqualTo(MemoryFormat.CHANNELS_LAST);
        }
    }

    @Test
    void convolutionsLayOutTheirResultsInTheFormatInUse() {
        Random r = new Random(3);
        try (Scope s = Scope.open()) {
            Tensor x = random(r, 2, 1, 6, 6);
            Tensor w1 = random(r, 4, 1, 3, 3);
            Tensor w2 = random(r, 5, 4, 3, 3);
            float[][] out = new float[2][];
            for (MemoryFormat f : MemoryFormat.values()) {
                try (MemoryFormat.Use use = MemoryFormat.use(f)) {
                    Tensor h = x.conv2d(w1, null, SAME);
                    Tensor y = h.relu().conv2d(w2, null, SAME);
                    assertThat(MemoryFormat.of(h)).isEqualTo(f);
                    assertThat(MemoryFormat.of(y)).isEqualTo(f);
                    out[f.ordinal()] = y.toFloatArray();
                }
            }
            for (int i = 0; i < out[0].length; i++) {
                assertThat(out[1][i]).isCloseTo(out[0][i], within(1e-4f));
            }
        }
    }

    /**
     * A one-channel input (a grey image) is viewed with channels-last strides, without a copy, so
     * that libtorch runs the first convolution channels-last: its own result then needs no reorder.
     */
    @Test
    void aOneChannelInputIsViewedChannelsLastAndItsConvolutionRunsSo() {
        Random r = new Random(5);
        try (Scope s = Scope.open()) {
            Tensor x = random(r, 2, 1, 5, 5);
            float[] before = x.toFloatArray();
            Tensor cl = MemoryFormat.CHANNELS_LAST.arrange(x);
            assertThat(cl.shape()).containsExactly(2, 1, 5, 5);
            assertThat(cl.toFloatArray()).containsExactly(before);
            x.ndArray().addi(Tensor.scalar(1f).ndArray()); // a view: it sees the change
            assertThat(cl.toFloatArray()[0]).isEqualTo(before[0] + 1f);
            assertThat(MemoryFormat.CONTIGUOUS.arrange(x)).isSameAs(x);
            Tensor w = random(r, 4, 1, 3, 3);
            try (ai.djl.ndarray.NDArray raw = JniOps.conv2d(cl.ndArray(), w.ndArray(), null, SAME)) {
                assertThat(JniOps.isChannelsLast(raw)).isTrue();
                assertThat(JniOps.isContiguous(raw)).isFalse();
            }
            try (ai.djl.ndarray.NDArray raw = JniOps.conv2d(x.ndArray(), w.ndArray(), null, SAME)) {
                assertThat(JniOps.isContiguous(raw)).isTrue(); // what a row-major one-channel input gets
            }
        }
        // the gradient reaches the input through the view
        Tensor leaf = random(r, 2, 1, 5, 5).requiresGrad(true);
        Tensor w = random(r, 3, 1, 3, 3);
        float[][] grads = new float[2][];
        for (MemoryFormat f : MemoryFormat.values()) {
            try (MemoryFormat.Use use = MemoryFormat.use(f); Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                rec.backward(leaf.conv2d(w, null, SAME).square().sum());
                grads[f.ordinal()] = leaf.grad().toFloatArray();
            }
            JniOps.zeroGrad(leaf.ndArray());
        }
        for (int i = 0; i < grads[0].length; i++) {
            assertThat(grads[1][i]).isCloseTo(grads[0][i], within(1e-4f * (1 + Math.abs(grads[0][i]))));
        }
        assertThat(grads[0]).doesNotContain(Float.NaN);
    }

    /** A training step through fake quantization: the same loss and gradients in both formats. */
    @Test
    void gradientsThroughFakeQuantizationAgreeBetweenFormats() {
        Random r = new Random(7);
        Tensor x = random(r, 4, 3, 8, 8);
        Tensor w1 = random(r, 8, 3, 3, 3).requiresGrad(true);
        Tensor w2 = random(r, 8, 8, 3, 3).requiresGrad(true);
        float[][] g1 = new float[2][];
        float[][] g2 = new float[2][];
        for (MemoryFormat f : MemoryFormat.values()) {
            try (MemoryFormat.Use use = MemoryFormat.use(f); Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                Tensor h = x.conv2d(w1, null, SAME).relu();
                Tensor q = FakeQuant.apply(h, 2.5f, QuantGrid.INT8);   // clips part of h: a masked gradient
                assertThat(MemoryFormat.of(q)).isEqualTo(f);
                Tensor y = q.conv2d(w2, null, SAME).add(h);
                rec.backward(y.square().sum());
                g1[f.ordinal()] = w1.grad().toFloatArray();
                g2[f.ordinal()] = w2.grad().toFloatArray();
            }
            JniOps.zeroGrad(w1.ndArray());
            JniOps.zeroGrad(w2.ndArray());
        }
        for (int i = 0; i < g1[0].length; i++) {
            assertThat(g1[1][i]).isCloseTo(g1[0][i], within(1e-3f * (1 + Math.abs(g1[0][i]))));
        }
        for (int i = 0; i < g2[0].length; i++) {
            assertThat(g2[1][i]).isCloseTo(g2[0][i], within(1e-3f * (1 + Math.abs(g2[0][i]))));
        }
    }

    @Test
    void fakeQuantizationOfAChannelsLastTensorIsBitIdenticalAndMasksTheSameElements() {
        Random r = new Random(11);
        Tensor leaf = random(r, 3, 5, 4, 4).requiresGrad(true);
        float[][] values = new float[2][];
        float[][] grads = new float[2][];
        for (MemoryFormat f : MemoryFormat.values()) {
            try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                Tensor x = f.arrange(leaf.mul(Tensor.scalar(3f)));
                Tensor y = FakeQuant.apply(x, 2f, QuantGrid.INT8);
                assertThat(MemoryFormat.of(y)).isEqualTo(f);
                values[f.ordinal()] = y.toFloatArray();
                Tensor weights = Tensor.fromFloats(randomValues(new Random(5), (int) y.size()), y.shape());
                rec.backward(y.mul(weights).sum());
                grads[f.ordinal()] = leaf.grad().toFloatArray();
            }
            JniOps.zeroGrad(leaf.ndArray());
        }
        assertThat(values[1]).containsExactly(values[0]);
        assertThat(grads[1]).containsExactly(grads[0]);
        assertThat(grads[0]).contains(0f); // some elements clipped
    }

    /** Max and min over every element read a channels-last tensor in memory order, with the same result. */
    @Test
    void reductionsOverEveryElementAgreeBetweenFormats() {
        Random r = new Random(13);
        try (Scope s = Scope.open()) {
            Tensor x = random(r, 3, 4, 5, 6);
            Tensor cl = MemoryFormat.CHANNELS_LAST.arrange(x);
            assertThat(cl.max().toFloatArray()).containsExactly(x.max().toFloatArray());
            assertThat(cl.min().toFloatArray()).containsExactly(x.min().toFloatArray());
            Tensor view = NativeMemory.inMemoryOrder(cl);
            assertThat(view.shape()).containsExactly(3, 5, 6, 4);
            assertThat(MemoryFormat.of(view)).isEqualTo(MemoryFormat.CONTIGUOUS);
            assertThat(NativeMemory.inMemoryOrder(x)).isSameAs(x);
            assertThat(io.quant4j.quantization.calib.MaxCalibrator.reduceAmax(cl, null, "q").values())
                    .containsExactly(io.quant4j.quantization.calib.MaxCalibrator.reduceAmax(x, null, "q").values());
        }
    }

    @Test
    void booleansOfAChannelsLastMaskFollowItsMemory() {
        try (Scope s = Scope.open()) {
            Tensor m = NativeMemory.empty(DataType.BOOLEAN, new long[] {1, 2, 1, 2}, MemoryFormat.CHANNELS_LAST);
            ByteBuffer b = NativeMemory.memoryBooleans(m);
            b.put(0, (byte) 1).put(1, (byte) 0).put(2, (byte) 0).put(3, (byte) 1); // (w0: c0, c1), (w1: c0, c1)
            assertThat(m.ndArray().toBooleanArray()).containsExactly(true, false, false, true); // c0: w0 w1, c1: w0 w1
        }
    }

    private static float[] randomValues(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}

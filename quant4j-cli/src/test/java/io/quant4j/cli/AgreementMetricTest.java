package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.data.ArrayDataset;
import io.quant4j.data.DataLoader;
import io.quant4j.data.ImageShape;
import io.quant4j.data.LoaderOptions;
import io.quant4j.errors.Quant4jException;
import io.quant4j.nn.Identity;
import io.quant4j.nn.Module;
import io.quant4j.nn.Sigmoid;
import io.quant4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link AgreementMetric#forOutput}: the figure follows the output's shape, and each is checked by
 * hand on a few pixels: mask IoU of probability maps, CTC paths of sequences, top-1 of logits.
 * The data are bytes, so the inputs are {@code k / 255}.
 */
class AgreementMetricTest {
    /** Inputs 1 x h x w whose pixels are the given bytes, in batches of 3 (the last one short). */
    private static DataLoader inputs(int h, int w, int... pixels) {
        int n = pixels.length / (h * w);
        byte[] px = new byte[pixels.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) pixels[i];
        }
        return new DataLoader(new ArrayDataset("bytes", new ImageShape(1, h, w), 2, px, new int[n]), LoaderOptions.evaluation(3));
    }

    @Test
    void aProbabilityMapIsMeasuredByMaskIouAtPointThree() {
        // 8 pixels over 4 inputs of 1x1x2; 0.3 * 255 = 76.5
        DataLoader d = inputs(1, 2, 0, 77, 200, 76, 255, 10, 90, 100);
        AgreementMetric m = AgreementMetric.forOutput(new Identity(), d, "8 pixels");
        assertThat(m.kind()).isEqualTo(AgreementMetric.Kind.MASK_IOU);
        assertThat(m.name()).isEqualTo("mask IoU at > 0.3 with FP32 on 8 pixels");
        assertThat(m.measure(new Identity())).isEqualTo(1.0);
        // candidate: x - 0.2 (on where k > 127.5): reference on at 77, 200, 255, 90, 100 (5), candidate at 200, 255 (2), both 2
        Module shifted = new Module() {
            @Override
            protected Tensor forwardImpl(Tensor x) {
                return x.sub(0.2f);
            }
        };
        assertThat(m.measure(shifted)).isEqualTo(2.0 / 5);
        // sigmoid(x) >= 0.5 everywhere: union 8, intersection 5
        assertThat(m.measure(new Sigmoid())).isEqualTo(5.0 / 8);
    }

    @Test
    void aSequenceIsMeasuredByIdenticalGreedyCtcPaths() {
        // inputs [1, 3, 2] read as 3 steps x 2 classes (class 0 blank): argmax per step
        Module sequence = new Module() {
            @Override
            protected Tensor forwardImpl(Tensor x) {
                return x.reshape(x.shape()[0], 3, 2);
            }
        };
        DataLoader d = inputs(3, 2,
                0, 9, 9, 0, 0, 9,      // path 1 _ 1 -> [1, 1]
                9, 0, 0, 9, 0, 9,      // _ 1 1      -> [1]
                9, 0, 9, 0, 9, 0,      // _ _ _      -> []
                0, 9, 0, 9, 0, 9);     // 1 1 1      -> [1]
        AgreementMetric m = AgreementMetric.forOutput(sequence, d, "4 lines");
        assertThat(m.kind()).isEqualTo(AgreementMetric.Kind.CTC);
        assertThat(m.reference()).allMatch(r -> r instanceof ReferenceBatch.Paths);
        assertThat(m.measure(sequence)).isEqualTo(1.0);
        // 1 - x swaps the classes of every step: _ 1 _ -> [1]; 1 _ _ -> [1]; 1 1 1 -> [1]; _ _ _ -> []
        Module swapped = new Module() {
            @Override
            protected Tensor forwardImpl(Tensor x) {
                return x.neg().add(1f).reshape(x.shape()[0], 3, 2);
            }
        };
        // reference paths [1, 1], [1], [], [1]; candidate [1], [1], [1], []: only the second agrees
        assertThat(m.measure(swapped)).isEqualTo(1.0 / 4);
    }

    @Test
    void logitsAreMeasuredByTopOneAndOtherOutputsAreRefused() {
        Module flatten = new Module() {
            @Override
            protected Tensor forwardImpl(Tensor x) {
                return x.reshape(x.shape()[0], 2);
            }
        };
        DataLoader d = inputs(1, 2, 0, 9, 9, 0, 5, 6);
        AgreementMetric m = AgreementMetric.forOutput(flatten, d, "3 images");
        assertThat(m.kind()).isEqualTo(AgreementMetric.Kind.TOP1);
        assertThat(m.measure(flatten)).isEqualTo(1.0);

        DataLoader wide = new DataLoader(new ArrayDataset("two channels", new ImageShape(2, 1, 1), 2, new byte[4], new int[2]),
                LoaderOptions.evaluation(2));
        assertThatThrownBy(() -> AgreementMetric.forOutput(new Identity(), wide, "2 images"))
                .isInstanceOf(Quant4jException.class)
                .hasMessageContaining("a probability map [N, 1, H, W]")
                .hasMessageContaining("found an output [2, 2, 1, 1]");
    }
}

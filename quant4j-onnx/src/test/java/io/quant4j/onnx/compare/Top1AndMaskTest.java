package io.quant4j.onnx.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Top1AndMaskTest {
    @Test
    void top1ComparesTheArgmaxOfEachRow() {
        // rows [0.1, 0.9] / [0.3, 0.7] agree (1, 1); [0.8, 0.2] / [0.4, 0.6] do not (0, 1)
        Top1Agreement t = Top1Agreement.empty().add(new float[] {0.1f, 0.9f, 0.8f, 0.2f}, new float[] {0.3f, 0.7f, 0.4f, 0.6f}, 2);
        assertThat(t.rows()).isEqualTo(2);
        assertThat(t.agreeing()).isEqualTo(1);
        assertThat(t.fraction()).isEqualTo(0.5);
        // sequences: [N=1, T=3, K=3] compared per step; ties go to the first index; NaN never agrees
        Top1Agreement s = t.add(new float[] {1, 1, 0, 0, 2, 1, Float.NaN, 0, 0}, new float[] {1, 0, 1, 0, 2, 2, 0, 0, 0}, 3);
        assertThat(s.rows()).isEqualTo(5);
        assertThat(s.agreeing()).isEqualTo(1 + 2);
        assertThat(Top1Agreement.argmax(new float[] {5, 7, 7}, 0, 3)).isEqualTo(1);
        assertThatThrownBy(() -> Top1Agreement.empty().add(new float[3], new float[3], 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maskIouIsIntersectionOverUnionOfThresholdedMaps() {
        // t = 0.3: ref on at 0, 1; cand on at 0, 2 -> 1 / 3
        MaskIoU m = MaskIoU.empty(0.3).add(new float[] {0.9f, 0.5f, 0.1f, 0.2f}, new float[] {0.8f, 0.2f, 0.4f, 0.1f});
        assertThat(m.intersection()).isEqualTo(1);
        assertThat(m.union()).isEqualTo(3);
        assertThat(m.iou()).isEqualTo(1.0 / 3);
        // summed over images: a second image with ref on at 0..2, cand at 0..1 adds 2 / 3 -> 3 / 6
        MaskIoU two = m.add(new float[] {0.5f, 0.5f, 0.5f, 0f}, new float[] {0.5f, 0.5f, 0f, 0f});
        assertThat(two.iou()).isEqualTo(0.5);
        assertThat(two.refOn()).isEqualTo(5);
        assertThat(two.candOn()).isEqualTo(4);
        // strictly above the threshold, as DB binarizes (pred > thresh)
        assertThat(MaskIoU.empty(0.3).add(new float[] {0.3f}, new float[] {0.31f}).iou()).isZero();
        assertThat(MaskIoU.empty(0.3).add(new float[] {0.1f}, new float[] {0.2f}).iou()).as("both empty").isEqualTo(1.0);
    }

    @Test
    void kindsFollowTheShape() {
        assertThat(OutputKind.of(new long[] {8, 10})).isEqualTo(OutputKind.LOGITS);
        assertThat(OutputKind.of(new long[] {8, 1})).isEqualTo(OutputKind.OTHER);
        assertThat(OutputKind.of(new long[] {2, 40, 6625})).isEqualTo(OutputKind.SEQUENCE);
        assertThat(OutputKind.of(new long[] {1, 1, 480, 480})).isEqualTo(OutputKind.PROBABILITY_MAP);
        assertThat(OutputKind.of(new long[] {1, 16, 480, 480})).isEqualTo(OutputKind.OTHER);
    }
}

package io.quant4j.onnx.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quant4j.onnx.ImageBatch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxComparisonTest {
    @TempDir
    Path dir;

    private static List<ImageBatch> batches(int c, int h, int w) {
        return List.of(ImageBatch.random(1, 2, c, h, w), ImageBatch.random(2, 3, c, h, w));
    }

    @Test
    void aFileAgreesWithItselfExactly() throws Exception {
        Path a = TinyModels.write(dir.resolve("a.onnx"), "x", 3, 8, 8, 5, TinyModels.Head.LOGITS, 1, 1f);
        ComparisonResult r = OnnxComparison.compare(a, a, batches(3, 8, 8), CompareOptions.defaults());
        assertThat(r.samples()).isEqualTo(5);
        assertThat(r.overall().sqnrDb()).isInfinite();
        assertThat(r.overall().maxAbsError()).isZero();
        OutputReport o = r.outputs().get(0);
        assertThat(o.kind()).isEqualTo(OutputKind.LOGITS);
        assertThat(o.shape()).containsExactly(2, 5);
        assertThat(o.top1().rows()).isEqualTo(5);
        assertThat(o.top1().fraction()).isEqualTo(1.0);
        assertThat(r.toMap()).containsEntry("top1_agreement", 1.0).containsEntry("output0_name", "y")
                .containsEntry("output0_kind", "logits").containsEntry("mask_iou", null);
    }

    @Test
    void aScaledCandidateHasTheSqnrOfItsScale() throws Exception {
        // the candidate's convolution weights are 1.1x the reference's: cand = 1.1 ref, so
        // sum (ref - cand)^2 = 0.01 sum ref^2 and SQNR = 10 log10(100) = 20 dB, cosine 1, same argmax
        Path a = TinyModels.write(dir.resolve("a.onnx"), "x", 3, 8, 8, 5, TinyModels.Head.LOGITS, 4, 1f);
        Path b = TinyModels.write(dir.resolve("b.onnx"), "x", 3, 8, 8, 5, TinyModels.Head.LOGITS, 4, 1.1f);
        ComparisonResult r = OnnxComparison.compare(a, b, batches(3, 8, 8), CompareOptions.defaults());
        assertThat(r.overall().sqnrDb()).isCloseTo(20.0, within(1e-3));
        assertThat(r.overall().cosine()).isCloseTo(1.0, within(1e-6));
        assertThat(r.firstWithTop1().top1().fraction()).isEqualTo(1.0);
    }

    @Test
    void probabilityMapsGetAMaskIou() throws Exception {
        Path a = TinyModels.write(dir.resolve("a.onnx"), "x", 3, 8, 8, 1, TinyModels.Head.MAP, 6, 1f);
        Path b = TinyModels.write(dir.resolve("b.onnx"), "x", 3, 8, 8, 1, TinyModels.Head.MAP, 6, 3f);
        ComparisonResult same = OnnxComparison.compare(a, a, batches(3, 8, 8), CompareOptions.defaults());
        MaskIoU m = same.firstWithMask().mask();
        assertThat(m.iou()).isEqualTo(1.0);
        assertThat(m.union()).isPositive();
        // the candidate computes sigmoid(3z) where the reference computes sigmoid(z): above 0.3 where
        // z > logit(0.3) / 3 = -0.28 against z > -0.85, so its mask lies inside the reference's
        ComparisonResult other = OnnxComparison.compare(a, b, batches(3, 8, 8), CompareOptions.defaults().withMaskThreshold(0.3));
        MaskIoU n = other.firstWithMask().mask();
        assertThat(n.threshold()).isEqualTo(0.3);
        assertThat(n.intersection()).isEqualTo(n.candOn());
        assertThat(n.union()).isEqualTo(n.refOn());
        assertThat(n.iou()).isLessThan(1.0).isEqualTo((double) n.candOn() / n.refOn());
        // at 0.5 both maps binarize at z > 0: the masks are equal
        assertThat(OnnxComparison.compare(a, b, batches(3, 8, 8), CompareOptions.defaults().withMaskThreshold(0.5))
                .firstWithMask().mask().iou()).isEqualTo(1.0);
    }

    @Test
    void differentInputsOrOutputsAreTypedErrors() throws Exception {
        Path a = TinyModels.write(dir.resolve("a.onnx"), "x", 3, 8, 8, 5, TinyModels.Head.LOGITS, 1, 1f);
        Path named = TinyModels.write(dir.resolve("named.onnx"), "image", 3, 8, 8, 5, TinyModels.Head.LOGITS, 1, 1f);
        Path bigger = TinyModels.write(dir.resolve("bigger.onnx"), "x", 3, 16, 16, 5, TinyModels.Head.LOGITS, 1, 1f);
        Path classes = TinyModels.write(dir.resolve("classes.onnx"), "x", 3, 8, 8, 7, TinyModels.Head.LOGITS, 1, 1f);
        assertThatThrownBy(() -> OnnxComparison.compare(a, named, batches(3, 8, 8), CompareOptions.defaults()))
                .isInstanceOf(ComparisonMismatchException.class).hasMessageContaining("'x'").hasMessageContaining("'image'");
        assertThatThrownBy(() -> OnnxComparison.compare(a, bigger, batches(3, 8, 8), CompareOptions.defaults()))
                .isInstanceOf(ComparisonMismatchException.class).hasMessageContaining("input shapes");
        assertThatThrownBy(() -> OnnxComparison.compare(a, classes, batches(3, 8, 8), CompareOptions.defaults()))
                .isInstanceOf(ComparisonMismatchException.class).hasMessageContaining("[2, 5]").hasMessageContaining("[2, 7]");
        assertThatThrownBy(() -> OnnxComparison.compare(a, a, batches(3, 9, 9), CompareOptions.defaults()))
                .isInstanceOf(ComparisonMismatchException.class).hasMessageContaining("[2, 3, 9, 9]");
        CtcDecoder keys = CtcDecoder.paddleOcr(List.of("a", "b"), "keys.txt");
        assertThatThrownBy(() -> OnnxComparison.compare(a, a, batches(3, 8, 8), CompareOptions.defaults().withCtc(keys)))
                .isInstanceOf(CtcKeysException.class).hasMessageContaining("no output is a sequence");
    }
}

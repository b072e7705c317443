package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;

/**
 * The tests' bound on ONNX Runtime vs Java at every quantized tensor, in steps of the tensor's own
 * quantizer ({@link TensorAgreement}): at most {@value #MAX_DIFF_FRACTION} of its elements one step
 * or more apart, at most {@value #MAX_TWO_STEP_FRACTION} two or more, and a mean signed difference
 * within {@value #MAX_MEAN_STEPS} steps plus 4 standard errors.
 *
 * <p>Measured (QuantizedTensorParityTest, largest over the tensors): resnet_fmnist, pretrained,
 * 10,000 Fashion-MNIST test images: tensorrt 7.64 % one step or more (fc's input), 0.047 % two or
 * more, |mean| 0.00057; onnxruntime 0.92 %, 0.21 %, 0.00007. Random-initialised resnet_fmnist
 * calibrated on noise, 9,984 noise images: tensorrt 1.95 %, 0.16 %; onnxruntime 4.77 %, 0.71 %.
 * Those were ONNX Runtime 1.22. With 1.29 (Intel Xeon, AVX-512 VNNI and AMX), the tensorrt layout's
 * flips grow along the network: 21.6 % one step or more at layer3.0.residual, 0.82 % two or more
 * (layer3.1.conv2's input), |mean| 0.00058; onnxruntime unchanged (0.95 %).
 * Margins: 0.3 (about 8 points), 0.015 and 0.01 (about 17 x the mean measured; a zero point one level
 * off gives a mean near 1, rounding down near -0.5, either at least 50 % of the elements apart).
 */
final class ParityBound {
    /** Largest fraction of a tensor's elements one step or more apart. */
    static final double MAX_DIFF_FRACTION = 0.30;
    /** Largest fraction two or more steps apart. */
    static final double MAX_TWO_STEP_FRACTION = 0.015;
    /** Largest |mean signed difference| in steps, before 4 standard errors. */
    static final double MAX_MEAN_STEPS = 0.01;

    private ParityBound() {}

    /** Every tensor of the report is within the bound, and the report compared at least {@code expected}. */
    static void assertWithin(VerificationReport r, Collection<String> expected) {
        assertThat(r.tensors()).as("quantized tensors compared").extracting(TensorAgreement::quantizer).containsAll(expected);
        for (TensorAgreement t : r.tensors()) {
            assertThat(t.elements()).as(t.summary()).isPositive();
            assertThat(t.oneStepFraction() + t.moreStepsFraction()).as(t.summary()).isLessThanOrEqualTo(MAX_DIFF_FRACTION);
            assertThat(t.moreStepsFraction()).as(t.summary()).isLessThanOrEqualTo(MAX_TWO_STEP_FRACTION);
            assertThat(Math.abs(t.meanSteps())).as(t.summary()).isLessThanOrEqualTo(MAX_MEAN_STEPS + 4 * t.standardError());
        }
    }
}

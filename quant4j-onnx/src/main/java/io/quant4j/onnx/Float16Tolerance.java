package io.quant4j.onnx;

/**
 * How far a float16 export may move the outputs of the float32 export of the same model in ONNX
 * Runtime ({@link Float16Agreement}), on the same inputs.
 *
 * <p>The float16 file rounds every float value to 11 significant bits (relative 2^-12 = 0.024 %):
 * dequantized activations and weights, biases, the outputs of float ops. Where a value then enters
 * a QuantizeLinear next to a rounding boundary its integer can move one step, and in a deep
 * network such flips cascade, like the ones between ONNX Runtime and the Java forward that
 * {@link VerifyOptions} describes. So the bound is on the largest difference over every output
 * element, relative to the range of the float32 outputs ({@code max - min}), and on top-1
 * agreement over the samples whose float32 top-1 leads the runner-up by more than that allowed
 * difference: a near-tie flips under any rounding, and in a randomly initialised network most
 * samples are near-ties.
 *
 * <p>Measured with ONNX Runtime 1.29 (CPU, tensorrt placement, float16 file against the float32
 * export), {@code max |diff| / range} and top-1 agreement over all samples / over the samples
 * leading by more than 5 % of the range:
 * <pre>
 * resnet_fmnist, bundled weights, 10,000 Fashion-MNIST test images  1.48 %   99.71 %   100 % of 9,221
 * resnet_fmnist, random, seeds 1-4, 128 noise samples each       0.74-1.86 %  91.4-100 % 100 % of 1-128
 * resnet18, random, 3x64x64, 64 noise samples                       1.79 %   89.1 %    100 % of 1
 * resnet50, random, 3x64x64, 64 noise samples                       1.87 %   95.3 %    (none)
 * </pre>
 * Every flip was a near-tie. Hence 5 % (2.7 x the largest measured) and 99 % top-1 agreement where
 * the float32 top-1 leads by more than 5 % of the range.
 *
 * @param maxRelativeDiff largest allowed {@code max |fp16 - fp32| / (max fp32 - min fp32)}
 * @param minTop1Agreement smallest allowed top-1 agreement (argmax of each sample's flattened output) over the
 *     samples whose float32 top-1 leads the runner-up by more than {@code maxRelativeDiff x range}
 */
public record Float16Tolerance(double maxRelativeDiff, double minTop1Agreement) {
    public Float16Tolerance {
        if (!(maxRelativeDiff >= 0) || !(minTop1Agreement >= 0 && minTop1Agreement <= 1)) {
            throw new IllegalArgumentException("expected maxRelativeDiff >= 0 and minTop1Agreement in [0, 1], found "
                    + maxRelativeDiff + ", " + minTop1Agreement);
        }
    }

    /** 5 % of the output range, 99 % top-1 agreement on decided samples (measured: see the class comment). */
    public static Float16Tolerance defaults() {
        return new Float16Tolerance(0.05, 0.99);
    }
}

package io.quant4j.quantization.calib;

import io.quant4j.quantization.UnknownCalibMethodException;
import java.util.List;
import java.util.Locale;

/**
 * How a calibrator turns what it collected into amax.
 *
 * <ul>
 *   <li>{@link Max}: the running {@code max|x|} (max calibrator).
 *   <li>{@link Percentile}: left edge of the first histogram bin whose cumulative share reaches p %.
 *   <li>{@link Entropy}: the bin edge minimising the KL divergence between the histogram and its
 *       {@code 2^(n-1+unsigned)}-level quantized version (TensorRT's method, pytorch-quantization's
 *       search bit for bit); optionally only among the edges that clip at most
 *       {@code maxClipped} of the values (an explicit variant, never the default).
 *   <li>{@link Mse}: the bin centre minimising the mean squared quantization error.
 * </ul>
 */
public sealed interface AmaxMethod permits AmaxMethod.Max, AmaxMethod.Percentile, AmaxMethod.Entropy, AmaxMethod.Mse {

    /** pytorch-quantization's default percentile. */
    double DEFAULT_PERCENTILE = 99.99;

    /** Running maximum of {@code |x|}. */
    record Max() implements AmaxMethod {
        @Override
        public String toString() {
            return "max";
        }
    }

    /** @param percentile in {@code [0, 100]} */
    record Percentile(double percentile) implements AmaxMethod {
        public Percentile {
            if (!(percentile >= 0 && percentile <= 100)) {
                throw new CalibrationException("expected a percentile in [0, 100], found " + percentile, null,
                        "Give a percentage such as 99.99.");
            }
        }

        @Override
        public String toString() {
            return "percentile(" + percentile + ")";
        }
    }

    /**
     * KL-divergence minimisation (start bin 128, stride 1), pytorch-quantization's search when
     * {@code maxClipped} is 1 (the default, {@link #entropy()}); below 1, only the candidate edges
     * that leave at most {@code maxClipped} of the histogram's values above them compete.
     *
     * <p>Why a bound can help: KL compares the clipped histogram, the clipped values piled on its
     * last bin, with its quantized version, so it never sees how far the clipped values moved. On
     * a histogram with spikes or gaps (constant image backgrounds, 256 distinct pixel values) a
     * short range that resolves every spike wins even when it clips a third of the values:
     * Fashion-MNIST's input then gets amax 0.81 for values up to 2.02. Why it is not the default:
     * where KL rightly clips (low bit widths, heavy tails) the bound forces wide ranges and costs
     * accuracy; calibration instead reports every quantizer that clips more than 1 %.
     *
     * @param maxClipped largest share of values a candidate may clip, in {@code [0, 1]}; 1 is
     *     pytorch-quantization's unbounded search
     */
    record Entropy(double maxClipped) implements AmaxMethod {
        public Entropy {
            if (!(maxClipped >= 0 && maxClipped <= 1)) {
                throw new CalibrationException("expected entropy's largest clipped share in [0, 1], found " + maxClipped,
                        null, "Give a fraction such as 0.001 (0.1 %), or 1 for the unbounded search.");
            }
        }

        @Override
        public String toString() {
            return maxClipped >= 1 ? "entropy" : "entropy(max_clipped=" + maxClipped + ")";
        }
    }

    /** Mean-squared-error minimisation (start bin 128). */
    record Mse() implements AmaxMethod {
        @Override
        public String toString() {
            return "mse";
        }
    }

    static AmaxMethod max() {
        return new Max();
    }

    static AmaxMethod percentile(double p) {
        return new Percentile(p);
    }

    static AmaxMethod percentile() {
        return new Percentile(DEFAULT_PERCENTILE);
    }

    /** pytorch-quantization's KL minimisation, unbounded. */
    static AmaxMethod entropy() {
        return new Entropy(1.0);
    }

    /** KL minimisation clipping at most {@code maxClipped} of the values (1: pytorch-quantization's). */
    static AmaxMethod entropy(double maxClipped) {
        return new Entropy(maxClipped);
    }

    static AmaxMethod mse() {
        return new Mse();
    }

    /**
     * Parses pytorch-quantization's method names: {@code max}, {@code percentile}, {@code entropy},
     * {@code mse} (case-insensitive); {@code percentile} uses the given value.
     *
     * @throws UnknownCalibMethodException for other names (e.g. {@code "kl"})
     */
    static AmaxMethod parse(String name, double percentile) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "max" -> max();
            case "percentile" -> percentile(percentile);
            case "entropy" -> entropy();
            case "mse" -> mse();
            default -> throw new UnknownCalibMethodException("amax method", name,
                    List.of("max", "percentile", "entropy", "mse"));
        };
    }
}

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
 *       {@code 2^(n-1+unsigned)}-level quantized version (TensorRT's method).
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

    /** KL-divergence minimisation (start bin 128, stride 1). */
    record Entropy() implements AmaxMethod {
        @Override
        public String toString() {
            return "entropy";
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

    static AmaxMethod entropy() {
        return new Entropy();
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

package io.quant4j.cli;

import io.quant4j.quantization.QuantGrid;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Range-checked option values, converted when the command line is parsed: a value out of range is
 * a usage error (exit 2) naming the option (picocli adds "Invalid value for option '--x'"), the
 * valid range and an example, before any work starts.
 */
final class OptionValues {
    private OptionValues() {}

    private static long integer(String text, long min, long max, String example) {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException(range(text, min, max, example));
        }
        if (v < min || v > max) {
            throw new TypeConversionException(range(text, min, max, example));
        }
        return v;
    }

    private static String range(String text, long min, long max, String example) {
        return "expected an integer " + (max == Integer.MAX_VALUE ? ">= " + min : "in [" + min + ", " + max + "]")
                + ", found '" + text + "'. Give e.g. " + example + ".";
    }

    private static double real(String text, double min, double max, String example) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= min && v <= max)) {
            throw new TypeConversionException(String.format(Locale.ROOT, "expected a number in [%s, %s], found '%s'. Give e.g. %s.",
                    strip(min), strip(max), text, example));
        }
        return v;
    }

    private static String strip(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** An integer >= 1 (batch sizes, batch counts, iterations, runs, threads). */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) integer(value, 1, Integer.MAX_VALUE, "1 or more");
        }
    }

    /** An integer >= 0 (warm-up calls; limits, where 0 means all). */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) integer(value, 0, Integer.MAX_VALUE, "0 or more");
        }
    }

    /** A quantizer bit width: {@link QuantGrid#MIN_BITS} to {@link QuantGrid#MAX_BITS}. */
    static final class Bits implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) integer(value, QuantGrid.MIN_BITS, QuantGrid.MAX_BITS, "8 (or 4 for W4A8)");
        }
    }

    /** A percentage in [0, 100]. */
    static final class Percent implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return real(value, 0, 100, "99.99");
        }
    }

    /**
     * An accuracy budget in percentage points, in [0, 100]: {@code --accuracy-budget 0.5} allows
     * INT8 0.5 points below FP32.
     */
    static final class Budget implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return real(value, 0, 100, "0.5 (points of top-1 accuracy INT8 may lose against FP32)");
        }
    }

    /** A fraction in [0, 1]. */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return real(value, 0, 1, "0.001 (0.1 %)");
        }
    }

    /** A dotted module path, not empty. */
    static final class ModulePath implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("expected a dotted module path such as layer1.0.conv1, found an empty value."
                        + " See 'quant4j summary --model NAME' for the paths.");
            }
            return value.trim();
        }
    }
}

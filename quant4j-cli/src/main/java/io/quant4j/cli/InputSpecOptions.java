package io.quant4j.cli;

import io.quant4j.data.ChannelOrder;
import io.quant4j.data.InputSpec;
import io.quant4j.errors.Quant4jException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The preprocessing of an ONNX file that carries no input spec ({@code quant4j.input_spec}), as
 * options (a picocli mixin: {@code @Mixin InputSpecOptions spec;}):
 * <pre>
 *   --input-shape 3x480x480 (or 1x3x480x480)   --mean 0.485,0.456,0.406   --std 0.229,0.224,0.225
 *   --channel-order bgr   --resize 256   --crop 224x224
 * </pre>
 * An image is decoded to C channels in the given order, resized so that its shorter side is
 * {@code --resize}, center-cropped to {@code --crop}, scaled to [0, 1] and normalized
 * {@code (x - mean[c]) / std[c]} ({@link InputSpec}). Each value is range-checked when the command
 * line is parsed. Missing parts come from the model (channels, H x W of a static input) or default
 * to mean 0, std 1, RGB, no resize or crop; {@link #toSpec} says what is still missing.
 */
public final class InputSpecOptions {
    /** Largest image side accepted (a typo such as 48000 fails at parse time, not in an allocation). */
    static final int MAX_SIDE = 16384;

    @Option(names = "--input-shape", converter = ShapeValue.class, paramLabel = "CxHxW",
            description = "Input of one sample, C x H x W (or 1 x C x H x W), C 1 or 3; for files without an input spec.")
    Sizes inputShape;

    @Option(names = "--mean", converter = MeanValue.class, paramLabel = "M[,M,M]",
            description = "Per-channel mean of the [0, 1] image (one value, or one per channel; default 0).")
    Values mean;

    @Option(names = "--std", converter = StdValue.class, paramLabel = "S[,S,S]",
            description = "Per-channel standard deviation, > 0 (one value, or one per channel; default 1).")
    Values std;

    @Option(names = "--channel-order", converter = OrderValue.class, paramLabel = "rgb|bgr",
            description = "Colour channel order the model reads: rgb (default) or bgr (OpenCV-based models such as PaddleOCR).")
    ChannelOrder channelOrder;

    @Option(names = "--resize", converter = SideValue.class, paramLabel = "N",
            description = "Resize the shorter side to N pixels before the crop (default: no resize).")
    Integer resize;

    @Option(names = "--crop", converter = CropValue.class, paramLabel = "HxW",
            description = "Center crop H x W after the resize; it is the input's H x W.")
    Sizes crop;

    /** Sizes parsed from {@code AxB[xC]} (picocli would read an array field as a repeated option). */
    record Sizes(long[] v) {}

    /** Numbers parsed from {@code a[,b,c]}. */
    record Values(float[] v) {}

    /**
     * The options from a recipe's {@code model:} values, each checked as on the command line.
     *
     * @param keys where each value comes from, for messages: {@code [shape, mean, std, order]}
     * @throws Quant4jException naming the key of the first refused value
     */
    static InputSpecOptions of(List<Long> shape, List<Double> mean, List<Double> std, String order, String[] keys) {
        InputSpecOptions o = new InputSpecOptions();
        String[] text = {shape == null ? null : join(shape, "x"), mean == null ? null : join(mean, ","),
            std == null ? null : join(std, ","), order};
        for (int i = 0; i < 4; i++) {
            if (text[i] == null) {
                continue;
            }
            try {
                switch (i) {
                    case 0 -> o.inputShape = new ShapeValue().convert(text[i]);
                    case 1 -> o.mean = new MeanValue().convert(text[i]);
                    case 2 -> o.std = new StdValue().convert(text[i]);
                    default -> o.channelOrder = new OrderValue().convert(text[i]);
                }
            } catch (picocli.CommandLine.TypeConversionException e) {
                throw new Quant4jException(e.getMessage(), keys[i], "Fix " + keys[i] + ".", null);
            }
        }
        return o;
    }

    private static String join(List<? extends Number> v, String sep) {
        return String.join(sep, v.stream().map(String::valueOf).toList());
    }

    /** Whether any of the options was given. */
    public boolean given() {
        return inputShape != null || mean != null || std != null || channelOrder != null || resize != null || crop != null;
    }

    /** The options as the user wrote them, for notes ({@code --input-shape 3x480x480 --mean ...}). */
    public String describe() {
        long[] inputShape = this.inputShape == null ? null : this.inputShape.v();
        float[] mean = this.mean == null ? null : this.mean.v();
        float[] std = this.std == null ? null : this.std.v();
        long[] crop = this.crop == null ? null : this.crop.v();
        StringBuilder sb = new StringBuilder();
        if (inputShape != null) {
            sb.append(" --input-shape ").append(inputShape[0]).append('x').append(inputShape[1]).append('x').append(inputShape[2]);
        }
        if (mean != null) {
            sb.append(" --mean ").append(list(mean));
        }
        if (std != null) {
            sb.append(" --std ").append(list(std));
        }
        if (channelOrder != null) {
            sb.append(" --channel-order ").append(channelOrder.name().toLowerCase(Locale.ROOT));
        }
        if (resize != null) {
            sb.append(" --resize ").append(resize);
        }
        if (crop != null) {
            sb.append(" --crop ").append(crop[0]).append('x').append(crop[1]);
        }
        return sb.toString().trim();
    }

    private static String list(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }

    /**
     * The spec the options describe for a model whose input is {@code modelInput} ({@code -1} for
     * symbolic dimensions), or null when no option was given.
     *
     * @param where the model, for messages
     * @throws Quant4jException when the shape cannot be known or the options contradict the model or each other
     */
    public InputSpec toSpec(long[] modelInput, String where) {
        if (!given()) {
            return null;
        }
        long[] inputShape = this.inputShape == null ? null : this.inputShape.v();
        float[] mean = this.mean == null ? null : this.mean.v();
        float[] std = this.std == null ? null : this.std.v();
        int[] crop = this.crop == null ? null : new int[] {(int) this.crop.v()[0], (int) this.crop.v()[1]};
        boolean image = modelInput.length == 4;
        long c = inputShape != null ? inputShape[0] : image && modelInput[1] > 0 ? modelInput[1]
                : mean != null && mean.length == 3 || std != null && std.length == 3 ? 3 : -1;
        long h = inputShape != null ? inputShape[1] : crop != null ? crop[0] : image ? modelInput[2] : -1;
        long w = inputShape != null ? inputShape[2] : crop != null ? crop[1] : image ? modelInput[3] : -1;
        if (!image) {
            throw new Quant4jException("expected an image model input N x C x H x W, found " + Arrays.toString(modelInput), where,
                    "The input spec options describe images; give the model's inputs as a .npy instead.", null);
        }
        if (c < 1 || h < 1 || w < 1) {
            throw new Quant4jException("the model's input " + Arrays.toString(modelInput) + " has symbolic dimensions (-1) and the options ("
                    + describe() + ") do not give them", where, "Give --input-shape C x H x W, e.g. --input-shape 3x480x480.", null);
        }
        for (int i = 1; i < 4; i++) {
            long want = i == 1 ? c : i == 2 ? h : w;
            if (modelInput[i] > 0 && modelInput[i] != want) {
                throw new Quant4jException("the options give an input " + c + "x" + h + "x" + w + ", the model expects "
                        + Arrays.toString(modelInput), where, "Give --input-shape matching the model's static dimensions.", null);
            }
        }
        if (crop != null && (crop[0] != h || crop[1] != w)) {
            throw new Quant4jException("--crop " + crop[0] + "x" + crop[1] + " differs from the input's H x W " + h + "x" + w, where,
                    "The crop is the model's input size: make --crop equal to --input-shape's H x W.", null);
        }
        float[] m = mean != null ? mean : new float[] {0f};
        float[] s = std != null ? std : new float[] {1f};
        for (float[] v : List.of(m, s)) {
            if (v.length != 1 && v.length != c) {
                throw new Quant4jException("expected one value or " + c + " (one per channel) for --mean and --std, found "
                        + v.length + " (" + describe() + ")", where, "Give one value per channel, e.g. --mean 0.485,0.456,0.406.", null);
            }
        }
        if (channelOrder == ChannelOrder.BGR && c != 3) {
            throw new Quant4jException("--channel-order bgr needs 3 channels, the input has " + c, where,
                    "Leave out --channel-order for grey models.", null);
        }
        return new InputSpec(new long[] {c, h, w}, resize, crop, m, s, List.of(), channelOrder);
    }

    private static long[] dims(String text, String example) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x", -1);
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                out[i] = -1;
            }
            if (out[i] < 1 || out[i] > MAX_SIDE) {
                throw new TypeConversionException("expected positive integers up to " + MAX_SIDE + " joined by 'x', found '" + text
                        + "'. Give e.g. " + example + ".");
            }
        }
        return out;
    }

    /** {@code CxHxW} or {@code 1xCxHxW}, C 1 or 3, sides 1..16384. */
    static final class ShapeValue implements ITypeConverter<Sizes> {
        @Override
        public Sizes convert(String value) {
            long[] d = dims(value, "3x224x224 (C x H x W)");
            if (d.length == 4 && d[0] == 1) {
                d = Arrays.copyOfRange(d, 1, 4);
            }
            if (d.length != 3 || (d[0] != 1 && d[0] != 3)) {
                throw new TypeConversionException("expected C x H x W (or 1 x C x H x W) with C 1 or 3, found '" + value
                        + "'. Give e.g. 3x224x224.");
            }
            return new Sizes(d);
        }
    }

    /** {@code HxW}, sides 1..16384. */
    static final class CropValue implements ITypeConverter<Sizes> {
        @Override
        public Sizes convert(String value) {
            long[] d = dims(value, "224x224 (H x W)");
            if (d.length != 2) {
                throw new TypeConversionException("expected H x W, found '" + value + "'. Give e.g. 224x224.");
            }
            return new Sizes(d);
        }
    }

    /** A side in pixels, 1..16384. */
    static final class SideValue implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long[] d = dims(value, "256");
            if (d.length != 1) {
                throw new TypeConversionException("expected one side in pixels, 1 to " + MAX_SIDE + ", found '" + value + "'. Give e.g. 256.");
            }
            return (int) d[0];
        }
    }

    private static float[] numbers(String text, boolean positive, String example) {
        String[] parts = text.split(",", -1);
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            double d;
            try {
                d = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
            if (!Double.isFinite(d) || Math.abs(d) > 1e6 || (positive && !(d > 0))) {
                throw new TypeConversionException("expected " + (positive ? "numbers > 0" : "finite numbers") + ", one or three joined by ',',"
                        + " found '" + text + "'. Give e.g. " + example + ".");
            }
            v[i] = (float) d;
        }
        if (v.length != 1 && v.length != 3) {
            throw new TypeConversionException("expected one value or three (one per channel), found " + v.length + " in '" + text
                    + "'. Give e.g. " + example + ".");
        }
        return v;
    }

    /** Means: one or three finite numbers. */
    static final class MeanValue implements ITypeConverter<Values> {
        @Override
        public Values convert(String value) {
            return new Values(numbers(value, false, "0.485,0.456,0.406"));
        }
    }

    /** Standard deviations: one or three numbers > 0. */
    static final class StdValue implements ITypeConverter<Values> {
        @Override
        public Values convert(String value) {
            return new Values(numbers(value, true, "0.229,0.224,0.225"));
        }
    }

    /** {@code rgb} or {@code bgr}, any case. */
    static final class OrderValue implements ITypeConverter<ChannelOrder> {
        @Override
        public ChannelOrder convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "rgb" -> ChannelOrder.RGB;
                case "bgr" -> ChannelOrder.BGR;
                default -> throw new TypeConversionException("expected rgb or bgr, found '" + value + "'. Give e.g. bgr for PaddleOCR.");
            };
        }
    }
}

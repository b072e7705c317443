package io.quant4j.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Arrays;
import java.util.List;

/**
 * How a model expects its input, stored with the model (zoo entry, checkpoint, ONNX metadata
 * {@code quant4j.input_spec}) so that the same data preprocesses identically everywhere: an image
 * is decoded to {@code channels} (1: grey, 3: RGB), resized so that its shorter side is
 * {@code resize} (bilinear with antialiasing, as torchvision with PIL), center-cropped to
 * {@code crop}, scaled to {@code [0, 1]} and normalized {@code (x - mean[c]) / std[c]}.
 *
 * @param shape {@code C x H x W} of one example
 * @param resize the shorter side after resizing, or null for no resize
 * @param crop the center crop {@code [H, W]}, or null for none
 * @param mean per-channel means (one value applies to all channels)
 * @param std per-channel standard deviations
 * @param classNames class names by label (may be empty)
 * @param channelOrder the order of the 3 colour channels (RGB, or BGR for OpenCV-based models)
 */
public record InputSpec(long[] shape, Integer resize, int[] crop, float[] mean, float[] std, List<String> classNames,
                        ChannelOrder channelOrder) {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** Fashion-MNIST: 1x28x28 grey, no resize, mean 0.2860, std 0.3530, its ten classes. */
    public static final InputSpec FASHION_MNIST = new InputSpec(new long[] {1, 28, 28}, null, null, new float[] {0.2860f},
            new float[] {0.3530f}, List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                    "Bag", "Ankle boot"));

    /** MNIST: 1x28x28 grey, mean 0.1307, std 0.3081, digits. */
    public static final InputSpec MNIST = new InputSpec(new long[] {1, 28, 28}, null, null, new float[] {0.1307f},
            new float[] {0.3081f}, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));

    /** torchvision's ImageNet evaluation: RGB, resize 256, center crop 224, ImageNet mean and std. */
    public static final InputSpec IMAGENET = new InputSpec(new long[] {3, 224, 224}, 256, new int[] {224, 224},
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}, List.of());

    public InputSpec {
        if (shape == null || shape.length != 3 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("expected an input shape C x H x W of positive sizes, found " + Arrays.toString(shape));
        }
        if (shape[0] != 1 && shape[0] != 3) {
            throw new IllegalArgumentException("expected 1 (grey) or 3 (RGB) input channels, found " + shape[0]);
        }
        if (resize != null && resize < 1) {
            throw new IllegalArgumentException("expected a resize of at least 1 pixel, found " + resize);
        }
        if (crop != null && (crop.length != 2 || crop[0] != shape[1] || crop[1] != shape[2])) {
            throw new IllegalArgumentException("expected a center crop equal to the input's H x W " + shape[1] + "x" + shape[2]
                    + ", found " + Arrays.toString(crop));
        }
        if (mean == null || std == null || mean.length != std.length || (mean.length != 1 && mean.length != shape[0])) {
            throw new IllegalArgumentException("expected one mean and std, or one per channel, found " + Arrays.toString(mean)
                    + " and " + Arrays.toString(std));
        }
        shape = shape.clone();
        crop = crop == null ? null : crop.clone();
        mean = mean.clone();
        std = std.clone();
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        channelOrder = channelOrder == null ? ChannelOrder.RGB : channelOrder;
    }

    /** A spec in RGB order. */
    public InputSpec(long[] shape, Integer resize, int[] crop, float[] mean, float[] std, List<String> classNames) {
        this(shape, resize, crop, mean, std, classNames, ChannelOrder.RGB);
    }

    /** The same spec with another channel order. */
    public InputSpec withChannelOrder(ChannelOrder order) {
        return new InputSpec(shape, resize, crop, mean, std, classNames, order);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public int[] crop() {
        return crop == null ? null : crop.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Input channels (1: grey, 3: RGB). */
    public int channels() {
        return (int) shape[0];
    }

    /** The normalization of the model's input. */
    public Normalize normalize() {
        return new Normalize(mean, std);
    }

    /** The same spec for another number of input channels (means and stds repeated or averaged). */
    public InputSpec withChannels(int c) {
        if (c == channels()) {
            return this;
        }
        float[] m = mean.length == 1 ? mean : new float[] {avg(mean)};
        float[] s = std.length == 1 ? std : new float[] {avg(std)};
        return new InputSpec(new long[] {c, shape[1], shape[2]}, resize, crop, m, s, classNames, channelOrder);
    }

    private static float avg(float[] v) {
        float t = 0;
        for (float f : v) {
            t += f;
        }
        return t / v.length;
    }

    /** The spec as one JSON object (for checkpoint and ONNX metadata). */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.add("shape", GSON.toJsonTree(shape));
        o.add("resize", resize == null ? null : GSON.toJsonTree(resize));
        o.add("crop", crop == null ? null : GSON.toJsonTree(crop));
        o.add("mean", GSON.toJsonTree(mean));
        o.add("std", GSON.toJsonTree(std));
        o.add("class_names", GSON.toJsonTree(classNames));
        o.addProperty("channel_order", channelOrder.name());
        return GSON.toJson(o);
    }

    /**
     * Reads a spec written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static InputSpec fromJson(String json) {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            return new InputSpec(GSON.fromJson(o.get("shape"), long[].class),
                    o.has("resize") && !o.get("resize").isJsonNull() ? o.get("resize").getAsInt() : null,
                    o.has("crop") && !o.get("crop").isJsonNull() ? GSON.fromJson(o.get("crop"), int[].class) : null,
                    GSON.fromJson(o.get("mean"), float[].class), GSON.fromJson(o.get("std"), float[].class),
                    o.has("class_names") ? Arrays.asList(GSON.fromJson(o.get("class_names"), String[].class)) : List.of(),
                    o.has("channel_order") ? ChannelOrder.valueOf(o.get("channel_order").getAsString()) : ChannelOrder.RGB);
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw new IllegalArgumentException("malformed input spec JSON: " + e.getMessage() + " in " + json, e);
        }
    }

    @Override
    public String toString() {
        return shape[0] + "x" + shape[1] + "x" + shape[2] + (resize != null ? ", resize " + resize : "")
                + (crop != null ? ", center crop " + crop[0] + "x" + crop[1] : "") + ", mean " + Arrays.toString(mean)
                + ", std " + Arrays.toString(std) + (classNames.isEmpty() ? "" : ", " + classNames.size() + " classes")
                + (channelOrder == ChannelOrder.BGR && shape[0] == 3 ? ", BGR" : "");
    }
}

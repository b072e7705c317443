package io.quant4j.tensor;

/**
 * A pair of non-negative integers for the two spatial dimensions (height, width): kernel sizes,
 * strides, paddings, dilations.
 *
 * @param h value for the height dimension
 * @param w value for the width dimension
 */
public record Int2(int h, int w) {
    public Int2 {
        if (h < 0 || w < 0) {
            throw new IllegalArgumentException("expected non-negative (h, w), found (" + h + ", " + w + ")");
        }
    }

    /** The same value for both dimensions. */
    public static Int2 of(int v) {
        return new Int2(v, v);
    }

    /** As {@code long[]{h, w}}. */
    public long[] toLongs() {
        return new long[] {h, w};
    }

    /** ONNX-style begin/end pads {@code [h, w, h, w]}. */
    public long[] toOnnxPads() {
        return new long[] {h, w, h, w};
    }

    @Override
    public String toString() {
        return h == w ? Integer.toString(h) : "(" + h + ", " + w + ")";
    }
}

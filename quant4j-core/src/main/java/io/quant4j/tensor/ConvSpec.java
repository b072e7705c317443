package io.quant4j.tensor;

/**
 * Geometry of a 2-D convolution: {@code out = floor((in + 2*padding - dilation*(k-1) - 1)/stride) + 1}.
 *
 * @param stride step between windows
 * @param padding zeros added on each side
 * @param dilation spacing between kernel taps
 * @param groups number of channel groups; input and output channels must be divisible by it
 */
public record ConvSpec(Int2 stride, Int2 padding, Int2 dilation, int groups) {
    public ConvSpec {
        if (stride == null || padding == null || dilation == null) {
            throw new IllegalArgumentException("stride, padding and dilation are required");
        }
        if (stride.h() < 1 || stride.w() < 1 || dilation.h() < 1 || dilation.w() < 1) {
            throw new IllegalArgumentException(
                    "expected stride and dilation >= 1, found stride " + stride + ", dilation " + dilation);
        }
        if (groups < 1) {
            throw new IllegalArgumentException("expected groups >= 1, found " + groups);
        }
    }

    /** Stride and padding, no dilation, one group. */
    public static ConvSpec of(int stride, int padding) {
        return new ConvSpec(Int2.of(stride), Int2.of(padding), Int2.of(1), 1);
    }

    /** Same spec with another number of groups. */
    public ConvSpec withGroups(int g) {
        return new ConvSpec(stride, padding, dilation, g);
    }

    /** Same spec with another dilation. */
    public ConvSpec withDilation(Int2 d) {
        return new ConvSpec(stride, padding, d, groups);
    }
}

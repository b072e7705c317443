package io.quant4j.quantization;

import io.quant4j.errors.ShapeMismatchException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The axes of a {@link QuantDescriptor} that keep their own amax (pytorch-quantization's
 * {@code axis}: "None, int or tuple of int. axes which will have its own max").
 *
 * <p>Each axis may be negative, counting from the last dimension, and must lie in
 * {@code [-rank, rank)} of the tensor the quantizer sees; that is checked when the quantizer
 * first sees a tensor ({@link #resolve}). The amax is then {@code max|x|} reduced over every other
 * dimension with kept dimensions: axes {@code (0, 1)} of a {@code K x C x R x S} tensor give an
 * amax of shape {@code [K, C, 1, 1]} ({@code K * C} values in row-major order), axis {@code -1} of
 * an {@code N x F} tensor an amax of shape {@code [1, F]}.
 *
 * @param dims the axes as given (non-empty, no value twice)
 */
public record QuantAxis(List<Integer> dims) {
    public QuantAxis {
        if (dims == null || dims.isEmpty()) {
            throw new InvalidQuantDescriptorException("axis " + dims, "expected at least one axis, found none",
                    "Give null (no QuantAxis) for one amax per tensor.");
        }
        dims = List.copyOf(dims);
        if (dims.stream().distinct().count() != dims.size()) {
            throw new InvalidQuantDescriptorException("axis " + dims, "expected distinct axes, found " + dims,
                    "Name each dimension that keeps its own amax once.");
        }
    }

    /** The axes {@code dims} (e.g. {@code of(0)}, {@code of(-1)}, {@code of(0, 1)}). */
    public static QuantAxis of(int... dims) {
        return new QuantAxis(Arrays.stream(dims).boxed().toList());
    }

    /** Whether one axis is named (the only kind ONNX's QuantizeLinear can carry). */
    public boolean isSingle() {
        return dims.size() == 1;
    }

    /** Whether every axis is {@code >= 0}, so that it means the same for tensors of any rank. */
    public boolean isNonNegative() {
        return dims.stream().allMatch(d -> d >= 0);
    }

    /**
     * The axes for a tensor of {@code shape}: each in {@code [0, rank)}, in increasing order.
     *
     * @param who the quantizer, for the message
     * @throws ShapeMismatchException when an axis lies outside {@code [-rank, rank)}, or two name
     *     the same dimension
     */
    public int[] resolve(long[] shape, String who) {
        int rank = shape.length;
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            int d = dims.get(i);
            if (d < -rank || d >= rank) {
                throw new ShapeMismatchException(who + ": axis " + this + " on a tensor of rank " + rank,
                        "every axis in [" + (-rank) + ", " + rank + ")", shape,
                        "Name dimensions of the tensor this quantizer sees (0 for conv/linear weights' output"
                                + " channels, -1 for the last dimension), or use a per-tensor descriptor.");
            }
            out[i] = d < 0 ? d + rank : d;
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new ShapeMismatchException(who + ": axis " + this + " names dimension " + out[i]
                        + " twice for a tensor of shape " + Arrays.toString(shape),
                        "Give each dimension once (e.g. 1 or -3, not both, for a rank-4 tensor).");
            }
        }
        return out;
    }

    /**
     * The keep-dims shape of an amax for {@code shape}: the size of each kept axis, 1 elsewhere.
     *
     * @param kept resolved axes ({@link #resolve}), or null for per tensor (shape {@code []})
     */
    public static long[] keepShape(long[] shape, int[] kept) {
        if (kept == null) {
            return new long[0];
        }
        long[] out = new long[shape.length];
        Arrays.fill(out, 1L);
        for (int d : kept) {
            out[d] = shape[d];
        }
        return out;
    }

    /** {@code 0}, {@code -1} or {@code (0, 1)}, as pytorch-quantization prints it. */
    @Override
    public String toString() {
        return isSingle() ? String.valueOf(dims.get(0))
                : dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
}

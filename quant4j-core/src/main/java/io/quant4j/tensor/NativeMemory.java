package io.quant4j.tensor;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Zero-copy access to the memory of dense CPU tensors, for kernels written in Java (fused fake
 * quantization, histogram scans). A view is valid while its tensor is alive; writes through it
 * change the tensor's values without PyTorch's autograd noticing, so write only into tensors
 * that no recorded operation has saved for its backward pass.
 *
 * <p>Dense means: on the CPU and contiguous in row-major order (a transposed view is not). The
 * {@code memory*} views also take channels-last tensors ({@link MemoryFormat}), in memory order.
 */
public final class NativeMemory {
    private NativeMemory() {}

    /** Whether {@code t} is on the CPU and contiguous, so that a view covers exactly its elements. */
    public static boolean isDense(Tensor t) {
        return t.ndArray().getDevice().equals(Device.cpu()) && JniOps.isContiguous(t.ndArray());
    }

    /**
     * The elements of a dense float32 tensor, row-major, in native order (no copy).
     *
     * @throws IllegalArgumentException when {@code t} is not float32 or not dense
     */
    public static FloatBuffer floats(Tensor t) {
        check(t, DataType.FLOAT32);
        return t.ndArray().toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * The bytes of a dense boolean tensor (one byte per element, 0 or 1), row-major (no copy).
     *
     * @throws IllegalArgumentException when {@code t} is not boolean or not dense
     */
    public static ByteBuffer booleans(Tensor t) {
        check(t, DataType.BOOLEAN);
        return t.ndArray().toByteBuffer(true);
    }

    /**
     * The elements of a float32 tensor dense in either {@link MemoryFormat}, in memory order (no
     * copy): row-major for a contiguous tensor, {@code N x H x W x C} for a channels-last one. For
     * kernels that treat every element alike, or that read two tensors of one format side by side.
     *
     * @throws IllegalArgumentException when {@code t} is not float32 or not dense in a format
     */
    public static FloatBuffer memoryFloats(Tensor t) {
        return memory(t, DataType.FLOAT32).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * The bytes of a float32 tensor dense in either {@link MemoryFormat}, in memory order and the
     * platform's byte order (no copy): element {@code i} at byte {@code 4 * i}, as
     * {@link #memoryFloats}'s element {@code i}; for kernels that load whole vectors.
     *
     * @throws IllegalArgumentException when {@code t} is not float32 or not dense in a format
     */
    public static ByteBuffer memoryFloatBytes(Tensor t) {
        return memory(t, DataType.FLOAT32).order(ByteOrder.nativeOrder());
    }

    /** The bytes of a boolean tensor dense in either format, in memory order (no copy); see {@link #memoryFloats}. */
    public static ByteBuffer memoryBooleans(Tensor t) {
        return memory(t, DataType.BOOLEAN);
    }

    /**
     * An uninitialised {@code N x C x H x W} tensor of {@code shape} in the current scope, laid
     * out in {@code format}: element {@code i} of its {@link #memoryFloats} then stands where
     * element {@code i} of another tensor's of that format and shape does.
     */
    public static Tensor empty(DataType type, long[] shape, MemoryFormat format) {
        if (format == MemoryFormat.CONTIGUOUS) {
            return empty(type, shape);
        }
        if (shape.length != 4) {
            throw new IllegalArgumentException("expected a 4-D N x C x H x W shape for channels-last, found " + new Shape(shape));
        }
        NDArray nhwc = Scope.creationManager().create(new Shape(shape[0], shape[2], shape[3], shape[1]), type);
        NDArray nchw = JniOps.nchwView(nhwc);
        nhwc.close(); // the view keeps the memory
        return Tensor.of(nchw);
    }

    /**
     * {@code t}'s elements in memory order, for reductions over all of them (libtorch's max and min
     * over every element copy a channels-last tensor to row-major first): {@code t} itself unless
     * it is channels-last, else its row-major {@code N x H x W x C} view, a new tensor of the current
     * scope on the same memory.
     */
    public static Tensor inMemoryOrder(Tensor t) {
        NDArray v = memoryView(t.ndArray());
        if (v == null || v == t.ndArray()) {
            return t;
        }
        v.attach(Scope.creationManager());
        return Tensor.of(v);
    }

    /**
     * {@code all} applied to {@code t}'s elements in memory order: for reductions over every
     * element (max, min), whose result does not depend on the order and which libtorch would
     * otherwise run on a row-major copy of a channels-last tensor. The result is a new array;
     * the view, if one was made, is closed.
     */
    public static NDArray reduceAll(Tensor t, java.util.function.UnaryOperator<NDArray> all) {
        NDArray m = inMemoryOrder(t).ndArray();
        if (m == t.ndArray()) {
            return all.apply(m);
        }
        try (m) {
            return all.apply(m);
        }
    }

    private static ByteBuffer memory(Tensor t, DataType type) {
        NDArray v = t.dataType() == type && t.ndArray().getDevice().equals(Device.cpu()) ? memoryView(t.ndArray()) : null;
        if (v == null) {
            throw new IllegalArgumentException("expected a " + type + " CPU tensor dense in the contiguous or channels-last format, found "
                    + t.dataType() + " " + t.ndArray().getShape() + " on " + t.ndArray().getDevice()
                    + "; check MemoryFormat.of first, or copy the tensor");
        }
        if (v == t.ndArray()) {
            return v.toByteBuffer(true);
        }
        try (v) {
            return v.toByteBuffer(true); // the memory stays with t
        }
    }

    /**
     * A row-major array on {@code x}'s memory, in memory order: {@code x} itself when contiguous,
     * its {@code N x H x W x C} view (a new handle in x's manager) when channels-last, else null.
     */
    private static NDArray memoryView(NDArray x) {
        if (JniOps.isContiguous(x)) {
            return x;
        }
        return JniOps.isChannelsLast(x) ? JniOps.nhwcView(x) : null;
    }

    /** An uninitialised dense tensor in the current scope: write every element before reading. */
    public static Tensor empty(DataType type, long... shape) {
        return Tensor.of(Scope.creationManager().create(new Shape(shape), type));
    }

    /** A dense tensor of zeros (false for booleans) in the current scope. */
    public static Tensor zeros(DataType type, long... shape) {
        return Tensor.of(Scope.creationManager().zeros(new Shape(shape), type));
    }

    /** A dense tensor of ones (true for booleans) in the current scope. */
    public static Tensor ones(DataType type, long... shape) {
        return Tensor.of(Scope.creationManager().ones(new Shape(shape), type));
    }

    private static void check(Tensor t, DataType type) {
        if (t.dataType() != type || !isDense(t)) {
            throw new IllegalArgumentException("expected a dense (CPU, contiguous) " + type + " tensor, found "
                    + t.dataType() + " " + t.ndArray().getShape() + " on " + t.ndArray().getDevice()
                    + (JniOps.isContiguous(t.ndArray()) ? "" : " (not contiguous)")
                    + "; check isDense first, or make the tensor contiguous (reshape copies a view)");
        }
    }
}

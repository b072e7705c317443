package io.quant4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies Java arrays into tensors owned by PyTorch, through one reusable direct buffer per
 * thread. (Creating a tensor from a heap array through DJL allocates a fresh direct buffer that
 * only the garbage collector frees; per training step that grows native memory between
 * collections. Here the tensor is cloned into PyTorch's allocator and the staging buffer reused.)
 */
final class HostTensors {
    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    private HostTensors() {}

    /** A float32 tensor with these values, in the current scope. */
    static Tensor floats(float[] data, long... shape) {
        ByteBuffer buf = staging(data.length * 4L);
        buf.asFloatBuffer().put(data);
        return copy(buf, data.length * 4, shape, DataType.FLOAT32);
    }

    /** An int64 tensor with these values, in the current scope. */
    static Tensor longs(long[] data, long... shape) {
        ByteBuffer buf = staging(data.length * 8L);
        buf.asLongBuffer().put(data);
        return copy(buf, data.length * 8, shape, DataType.INT64);
    }

    private static Tensor copy(ByteBuffer buf, int bytes, long[] shape, DataType type) {
        NDManager m = Scope.creationManager();
        ByteBuffer view = buf.duplicate().order(ByteOrder.nativeOrder());
        view.position(0).limit(bytes);
        NDArray blob = m.create(view, new Shape(shape), type);
        try {
            NDArray owned = blob.duplicate();
            if (owned.getManager() != m) {
                owned.attach(m);
            }
            return Tensor.ofData(owned);
        } finally {
            blob.close();
        }
    }

    private static ByteBuffer staging(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch too large for one buffer: " + bytes + " bytes");
        }
        ByteBuffer b = STAGING.get();
        if (b == null || b.capacity() < bytes) {
            b = ByteBuffer.allocateDirect((int) Math.max(bytes, 1 << 16)).order(ByteOrder.nativeOrder());
            STAGING.set(b);
        }
        b.clear();
        return b;
    }
}

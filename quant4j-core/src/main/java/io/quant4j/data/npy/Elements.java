package io.quant4j.data.npy;

import io.quant4j.io.Float16;
import java.nio.ByteBuffer;

/** Converts stored elements to Java values; the buffer carries the data's byte order. */
final class Elements {
    private Elements() {}

    /** Copies {@code count} elements from byte {@code position} of {@code buf} into {@code dst} as floats. */
    static void toFloats(NpyDtype dtype, ByteBuffer buf, int position, int count, float[] dst, int offset) {
        switch (dtype) {
            case FLOAT32 -> buf.position(position).asFloatBuffer().get(dst, offset, count);
            case FLOAT16 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = Float16.toFloat(buf.getShort(position + 2 * i));
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = (float) buf.getDouble(position + 8 * i);
                }
            }
            case UINT8 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = buf.get(position + i) & 0xff;
                }
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = buf.get(position + i);
                }
            }
            case BOOL -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = buf.get(position + i) != 0 ? 1f : 0f;
                }
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = buf.getInt(position + 4 * i);
                }
            }
            case INT64 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = buf.getLong(position + 8 * i);
                }
            }
        }
    }

    /** The integer element at byte {@code position} (integer and bool types only). */
    static long toLong(NpyDtype dtype, ByteBuffer buf, int position) {
        return switch (dtype) {
            case UINT8 -> buf.get(position) & 0xff;
            case INT8 -> buf.get(position);
            case BOOL -> buf.get(position) != 0 ? 1 : 0;
            case INT32 -> buf.getInt(position);
            case INT64 -> buf.getLong(position);
            default -> throw new IllegalArgumentException("expected an integer type, found " + dtype);
        };
    }
}

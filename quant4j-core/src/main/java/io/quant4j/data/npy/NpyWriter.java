package io.quant4j.data.npy;

import io.quant4j.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes float32 and int64 arrays as {@code .npy} files (format 1.0, little-endian, C order) that
 * numpy and {@link NpyFile} read, e.g. calibration inputs and their labels. The file is written
 * atomically ({@link AtomicFiles}): a reader never sees half of it.
 *
 * <pre>{@code
 * NpyWriter.writeFloat32(Path.of("calib.npy"), pixels, 64, 3, 32, 32);   // 64 samples of 3x32x32
 * NpyWriter.writeInt64(Path.of("labels.npy"), labels, 64);
 * }</pre>
 *
 * <p>The header is padded with spaces so that the data starts at a multiple of 64 bytes, as numpy
 * pads it.
 */
public final class NpyWriter {
    private static final int ALIGN = 64;
    private static final int CHUNK = 1 << 16;

    private NpyWriter() {}

    /**
     * Writes {@code data} as a float32 ({@code '<f4'}) array of the given shape.
     *
     * @param shape dimensions, samples first; their product must be {@code data.length}
     *     (no dimensions: a scalar, one value)
     */
    public static void writeFloat32(Path file, float[] data, long... shape) throws IOException {
        byte[] head = header("<f4", shape, data.length);
        AtomicFiles.write(file, out -> {
            out.write(head);
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                if (!buf.hasRemaining()) {
                    flush(buf, out);
                }
                buf.putFloat(v);
            }
            flush(buf, out);
        });
    }

    /**
     * Writes {@code data} as an int64 ({@code '<i8'}) array of the given shape, e.g. labels with
     * shape {@code (N)}.
     *
     * @param shape dimensions; their product must be {@code data.length}
     */
    public static void writeInt64(Path file, long[] data, long... shape) throws IOException {
        byte[] head = header("<i8", shape, data.length);
        AtomicFiles.write(file, out -> {
            out.write(head);
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : data) {
                if (!buf.hasRemaining()) {
                    flush(buf, out);
                }
                buf.putLong(v);
            }
            flush(buf, out);
        });
    }

    /** Magic, version 1.0, header length and the padded header dict for {@code length} elements. */
    static byte[] header(String descr, long[] shape, int length) {
        long elements = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("expected dimensions >= 0, found shape " + Arrays.toString(shape));
            }
            elements *= d;
        }
        if (elements != length) {
            throw new IllegalArgumentException("expected " + elements + " values for the shape " + Arrays.toString(shape)
                    + ", found " + length);
        }
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        tuple.append(shape.length == 1 ? ",)" : ")");
        StringBuilder dict = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }");
        int preamble = 10;
        while ((preamble + dict.length() + 1) % ALIGN != 0) {
            dict.append(' ');
        }
        dict.append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length > 0xffff) {
            throw new IllegalArgumentException("expected a header of at most 65535 bytes, found " + text.length
                    + " for the shape " + Arrays.toString(shape));
        }
        ByteBuffer out = ByteBuffer.allocate(preamble + text.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.putShort((short) text.length);
        out.put(text);
        return out.array();
    }

    private static void flush(ByteBuffer buf, OutputStream out) throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }
}

package io.quant4j.data.npy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * A NumPy {@code .npy} file (format 1.0, 2.0 or 3.0), open for random access by sample: the first
 * dimension counts samples, the others are one sample's shape.
 *
 * <pre>{@code
 * try (NpyFile x = NpyFile.open(Path.of("inputs.npy"))) {    // (N, 3, 224, 224) float32
 *     x.checkSampleShape(3, 224, 224);
 *     float[] sample = new float[x.sampleSize()];
 *     x.readSample(0, sample, 0);
 * }
 * }</pre>
 *
 * <p>The data is not read at open: it is memory-mapped, as segments of at most 1 GiB mapped the
 * first time a read touches them (a file above 2 GiB is several mappings), and a read copies only
 * the bytes it needs. Types: see {@link NpyDtype}; both byte orders are read. A Fortran-ordered
 * array is refused unless at most one dimension exceeds 1 (then its bytes are in C order too).
 *
 * <p>Reads are safe from several threads. {@link #close()} closes the file; Java 17 cannot unmap on
 * demand, so the mapped memory goes when the garbage collector finds it unreferenced (until then,
 * Windows keeps the file from being deleted).
 */
public final class NpyFile implements AutoCloseable {
    static final long DEFAULT_SEGMENT_BYTES = 1L << 30;

    private final Path file;
    private final FileChannel channel;
    private final NpyHeader header;
    private final MappedSegments data;
    private volatile boolean closed;

    private NpyFile(Path file, FileChannel channel, NpyHeader header, long maxSegmentBytes) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.data = new MappedSegments(channel, header.dataOffset(), header.dataBytes(), maxSegmentBytes,
                header.dtype().itemSize(), header.byteOrder());
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @throws NpyFormatException when it is not a {@code .npy} file this reader supports, or is
     *     shorter than its header says
     * @throws IOException when it cannot be read
     */
    public static NpyFile open(Path file) throws IOException {
        return open(file, DEFAULT_SEGMENT_BYTES);
    }

    /** Opens {@code file}, mapping its data in segments of at most {@code maxSegmentBytes}. */
    static NpyFile open(Path file, long maxSegmentBytes) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new NpyFile(file, ch, NpyHeader.read(ch, file), maxSegmentBytes);
        } catch (RuntimeException | IOException e) {
            ch.close();
            throw e;
        }
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The element type. */
    public NpyDtype dtype() {
        return header.dtype();
    }

    /** The byte order of the stored elements (reads convert it). */
    public ByteOrder byteOrder() {
        return header.byteOrder();
    }

    /** The format version, {@code "1.0"}, {@code "2.0"} or {@code "3.0"}. */
    public String version() {
        return header.version();
    }

    /** All dimensions ({@code []} for a scalar); a copy. */
    public long[] shape() {
        return header.shape().clone();
    }

    /**
     * The number of samples: the first dimension.
     *
     * @throws NpyMismatchException for a scalar (shape {@code ()}), which has no samples
     */
    public long count() {
        requireSamples();
        return header.shape()[0];
    }

    /** The shape of one sample: all dimensions but the first ({@code []} for a 1-D array). */
    public long[] sampleShape() {
        requireSamples();
        return Arrays.copyOfRange(header.shape(), 1, header.shape().length);
    }

    /** Elements per sample: the product of {@link #sampleShape()}. */
    public int sampleSize() {
        long[] shape = sampleShape();
        long n = Arrays.stream(shape).anyMatch(d -> d == 0) ? 0 : 1;
        for (long d : shape) {
            n = d > Integer.MAX_VALUE || n * d > Integer.MAX_VALUE ? Integer.MAX_VALUE : n * d; // no overflow
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new NpyMismatchException("one sample is too large: expected at most " + (Integer.MAX_VALUE - 8)
                    + " elements (a Java array), found the sample shape " + Arrays.toString(shape), file, -1,
                    "Split the samples into smaller ones.");
        }
        return (int) n;
    }

    /**
     * Copies sample {@code index} (its {@link #sampleSize()} elements, row-major) into {@code dst}
     * from {@code offset}, as float32: float16 exactly, float64 rounded to nearest, uint8 as
     * 0..255 and int8 as -128..127 (not scaled: the caller decides normalisation), bool as 0 or 1,
     * int32/int64 rounded to nearest (exact up to 2^24).
     */
    public void readSample(long index, float[] dst, int offset) {
        int n = sampleSize();
        checkIndex(index);
        Objects.checkFromIndexSize(offset, n, dst.length);
        NpyDtype t = dtype();
        read(index * n * t.itemSize(), (long) n * t.itemSize(),
                (buf, position, bytes, before) -> Elements.toFloats(t, buf, position, bytes / t.itemSize(), dst,
                        offset + (int) (before / t.itemSize())));
    }

    /**
     * Copies sample {@code index} of a uint8 file into {@code dst} from {@code offset}, unchanged.
     *
     * @throws NpyMismatchException when the file is not uint8
     */
    public void readSampleBytes(long index, byte[] dst, int offset) {
        if (dtype() != NpyDtype.UINT8) {
            throw new NpyMismatchException("expected uint8 ('|u1') data for a byte read, found '" + header.descr() + "'",
                    file, -1, "Use readSample(index, float[], offset), which reads every supported type.");
        }
        int n = sampleSize();
        checkIndex(index);
        Objects.checkFromIndexSize(offset, n, dst.length);
        read(index * n, n, (buf, position, bytes, before) -> buf.get(position, dst, offset + (int) before, bytes));
    }

    /**
     * Reads every element of an integer (or bool) file, row-major, e.g. all labels of a labels file.
     *
     * @throws NpyMismatchException when the type is a float type or there are more than a Java array holds
     */
    public long[] readLongs() {
        requireInteger("integer values");
        long n = header.dataBytes() / dtype().itemSize();
        if (n > Integer.MAX_VALUE - 8) {
            throw new NpyMismatchException("too many values for one array: expected at most " + (Integer.MAX_VALUE - 8)
                    + ", found " + n, file, -1, "Read sample by sample with readLabel(index).");
        }
        long[] out = new long[(int) n];
        NpyDtype t = dtype();
        read(0, header.dataBytes(), (buf, position, bytes, before) -> {
            for (int i = 0; i < bytes / t.itemSize(); i++) {
                out[(int) (before / t.itemSize()) + i] = Elements.toLong(t, buf, position + i * t.itemSize());
            }
        });
        return out;
    }

    /**
     * The class index of sample {@code index} of a labels file: integer or bool type, one value
     * per sample (shape {@code (N,)} or {@code (N, 1)}). See {@link NpyLabels} for all at once.
     *
     * @throws NpyMismatchException when the file is not a labels file or the label is negative
     *     (the message names the sample and the byte offset)
     */
    public int readLabel(long index) {
        NpyLabels.requireLabelsFile(this);
        checkIndex(index);
        return NpyLabels.checked(this, index, readLong(index), -1);
    }

    /**
     * Checks that a sample has the shape {@code expected} (e.g. the model input without its batch
     * dimension); a negative entry matches any size (a dynamic axis).
     *
     * @throws NpyMismatchException naming the file, both shapes and how to re-save the array
     */
    public void checkSampleShape(long... expected) {
        long[] found = sampleShape();
        boolean ok = found.length == expected.length;
        for (int i = 0; ok && i < found.length; i++) {
            ok = expected[i] < 0 || expected[i] == found[i];
        }
        if (!ok) {
            String want = Arrays.toString(Arrays.stream(expected).mapToObj(d -> d < 0 ? "?" : Long.toString(d)).toArray());
            throw new NpyMismatchException("sample shape mismatch: expected samples of shape " + want
                    + " (the model input without its batch dimension), found " + Arrays.toString(found)
                    + " (the file's shape is " + Arrays.toString(header.shape()) + ", samples first)", file, -1,
                    "Save the inputs samples-first in the model's input shape: np.save(path, x) with x.shape == (N, "
                            + want.substring(1, want.length() - 1) + ").");
        }
    }

    /** Closes the file; later reads fail with {@link IllegalStateException}. */
    @Override
    public void close() throws IOException {
        closed = true;
        data.release();
        channel.close();
    }

    @Override
    public String toString() {
        return file + " (" + header.version() + ", '" + header.descr() + "', shape " + Arrays.toString(header.shape()) + ")";
    }

    /** The data mapping (for tests of the segment arithmetic). */
    MappedSegments segments() {
        return data;
    }

    /** Byte offset in the file of element {@code element} (row-major). */
    long offsetOf(long element) {
        return header.dataOffset() + element * dtype().itemSize();
    }

    /** Element {@code element} (row-major) of an integer file. */
    private long readLong(long element) {
        long[] value = new long[1];
        NpyDtype t = dtype();
        read(element * t.itemSize(), t.itemSize(), (buf, position, bytes, before) -> value[0] = Elements.toLong(t, buf, position));
        return value[0];
    }

    void requireInteger(String what) {
        if (!dtype().isInteger()) {
            throw new NpyMismatchException("expected an integer or bool type for " + what + ", found '" + header.descr()
                    + "'", file, -1, "Save them as integers: np.save(path, y.astype(np.int64)).");
        }
    }

    private void requireSamples() {
        if (header.shape().length == 0) {
            throw new NpyMismatchException("expected an array with samples along its first dimension, found a"
                    + " scalar (shape ())", file, -1, "Save an array of samples, shape (N, ...), e.g. np.save(path, x[None]).");
        }
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= count()) {
            throw new IndexOutOfBoundsException("expected a sample index in 0.." + (count() - 1) + ", found " + index
                    + " in " + file);
        }
    }

    private void read(long from, long bytes, MappedSegments.Piece piece) {
        if (closed) {
            throw new IllegalStateException("expected an open file, found " + file + " closed");
        }
        try {
            data.read(from, bytes, piece);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file + " (bytes " + (header.dataOffset() + from) + ".."
                    + (header.dataOffset() + from + bytes) + ")", e);
        }
    }
}

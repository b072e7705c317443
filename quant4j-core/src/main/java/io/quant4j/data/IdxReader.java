package io.quant4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected from
 * the content, not the name).
 *
 * <pre>
 *   offset 0: 0x00 0x00 type ndim     magic; type 0x08 = unsigned byte (the only type read here)
 *   offset 4: ndim x int32 big-endian  dimensions
 *   then:     prod(dims) bytes         data, row-major
 * </pre>
 * Images are {@code 0x00000803} ({@code N x rows x cols}), labels {@code 0x00000801} ({@code N}).
 * A short, corrupt or over-long file is an {@link IdxFormatException} naming the file and offset.
 */
public final class IdxReader {
    private static final int UBYTE = 0x08;
    private static final int CHUNK = 1 << 16;

    private IdxReader() {}

    /**
     * An IDX array.
     *
     * @param dims dimensions, outermost first
     * @param data unsigned bytes, row-major
     */
    public record IdxArray(int[] dims, byte[] data) {
        /** Number of items (the first dimension). */
        public int count() {
            return dims[0];
        }
    }

    /**
     * Reads a file of unsigned bytes with {@code expectedDims} dimensions (1 for labels, 3 for
     * images).
     */
    public static IdxArray read(Path file, int expectedDims) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, file, expectedDims);
        }
    }

    /** Reads IDX content from a stream; {@code file} names it in errors. */
    public static IdxArray read(InputStream raw, Path file, int expectedDims) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, CHUNK);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream content = buffered;
        if (gzip) {
            try {
                content = new GZIPInputStream(buffered, CHUNK);
            } catch (EOFException | ZipException e) {
                throw new IdxFormatException("corrupt gzip header (" + e.getMessage() + ")", file, 0,
                        "The file is incomplete or damaged; replace it.", e);
            }
        }
        Counting in = new Counting(content, file, gzip);

        byte[] magic = in.readExactly(4, "the 4-byte magic number");
        int magicValue = ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8) | (magic[3] & 0xff);
        int expectedMagic = (UBYTE << 8) | expectedDims;
        if (magicValue != expectedMagic) {
            throw new IdxFormatException(String.format("bad IDX magic number: expected 0x%08x (unsigned bytes, %d dimension%s), found 0x%08x",
                    expectedMagic, expectedDims, expectedDims == 1 ? "" : "s", magicValue), file, 0,
                    expectedDims == 1 ? "Give a labels file (*-labels-idx1-ubyte[.gz])." : "Give an images file (*-images-idx3-ubyte[.gz]).", null);
        }
        int[] dims = new int[expectedDims];
        long total = 1;
        for (int i = 0; i < expectedDims; i++) {
            long at = in.offset();
            byte[] d = in.readExactly(4, "dimension " + i + " of the header");
            dims[i] = ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
            if (dims[i] <= 0) {
                throw new IdxFormatException("bad IDX dimension " + i + ": expected a positive size, found " + dims[i],
                        file, at, "The file is corrupt; replace it.", null);
            }
            total *= dims[i];
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IdxFormatException("IDX data too large: dimensions " + Arrays.toString(dims) + " give " + total
                    + " bytes, more than a Java array holds", file, in.offset(), null, null);
        }
        byte[] data = in.readExactly((int) total, total + " data bytes for dimensions " + Arrays.toString(dims));
        long end = in.offset();
        if (in.readByte() >= 0) {
            throw new IdxFormatException("unexpected data after the end of the IDX content: dimensions "
                    + Arrays.toString(dims) + " end at byte " + end + ", but the file goes on", file, end,
                    "The file is corrupt or not an IDX file; replace it.", null);
        }
        return new IdxArray(dims, data);
    }

    /** Tracks the offset in the (decompressed) content and turns stream errors into typed ones. */
    private static final class Counting {
        private final InputStream in;
        private final Path file;
        private final boolean gzip;
        private long offset;

        Counting(InputStream in, Path file, boolean gzip) {
            this.in = in;
            this.file = file;
            this.gzip = gzip;
        }

        long offset() {
            return offset;
        }

        byte[] readExactly(int n, String what) throws IOException {
            byte[] out = new byte[n];
            int done = 0;
            long start = offset;
            while (done < n) {
                int r;
                try {
                    r = in.read(out, done, Math.min(CHUNK, n - done));
                } catch (EOFException | ZipException e) {
                    throw corrupt(e, start, what);
                }
                if (r < 0) {
                    throw new IdxFormatException("truncated IDX file: expected " + what + " from byte " + start
                            + " to " + (start + n) + ", found the end of the " + (gzip ? "decompressed data" : "file")
                            + " at byte " + offset, file, offset,
                            "The file is incomplete (interrupted download or copy); replace it.", null);
                }
                done += r;
                offset += r;
            }
            return out;
        }

        int readByte() throws IOException {
            try {
                return in.read();
            } catch (EOFException | ZipException e) {
                throw corrupt(e, offset, "the end of the data");
            }
        }

        private IdxFormatException corrupt(IOException e, long start, String what) {
            boolean truncated = e instanceof EOFException;
            String problem = (truncated ? "truncated gzip stream" : "corrupt gzip stream (" + e.getMessage() + ")")
                    + " while reading " + what + " (from byte " + start + "): the decompressed data stops at byte " + offset;
            return new IdxFormatException(problem, file, offset,
                    "The file is incomplete or damaged; replace it (or give the uncompressed IDX file).", e);
        }
    }
}

package io.quant4j.data.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A byte range of a file, memory-mapped lazily as consecutive segments of at most
 * {@code maxSegmentBytes} each: one {@link MappedByteBuffer} holds at most 2 GiB, so a 6 GB array is
 * several mappings. A segment is mapped the first time a read touches it.
 *
 * <p>Segment sizes are a multiple of the element size, so no element straddles two segments; a
 * read of a range that crosses a segment boundary is handed out as one piece per segment.
 * Reads from several threads are safe: each piece is a fresh duplicate of its segment.
 */
final class MappedSegments {
    /** Receives one piece of a range: {@code bytes} bytes of {@code buf} from {@code position}. */
    @FunctionalInterface
    interface Piece {
        /**
         * @param buf the segment, in the data's byte order
         * @param position first byte of the piece in {@code buf}
         * @param bytes length of the piece
         * @param before bytes of the range handed out before this piece
         */
        void accept(ByteBuffer buf, int position, int bytes, long before);
    }

    private final FileChannel channel;
    private final long start;
    private final long length;
    private final long segmentBytes;
    private final ByteOrder order;
    private final AtomicReferenceArray<MappedByteBuffer> segments;

    /**
     * @param channel the open file
     * @param start byte offset of the range in the file
     * @param length bytes in the range
     * @param maxSegmentBytes the most bytes one mapping may hold (at most {@link Integer#MAX_VALUE})
     * @param itemSize element size; segments hold whole elements
     * @param order byte order the pieces are handed out in
     */
    MappedSegments(FileChannel channel, long start, long length, long maxSegmentBytes, int itemSize, ByteOrder order) {
        if (maxSegmentBytes < itemSize || maxSegmentBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected a segment size in " + itemSize + ".." + Integer.MAX_VALUE
                    + " bytes, found " + maxSegmentBytes);
        }
        this.channel = channel;
        this.start = start;
        this.length = length;
        this.segmentBytes = maxSegmentBytes / itemSize * itemSize;
        this.order = order;
        long count = (length + segmentBytes - 1) / segmentBytes;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected at most 2^31 segments, found " + count);
        }
        this.segments = new AtomicReferenceArray<>((int) count);
    }

    /** Bytes per segment (the last one may be shorter). */
    long segmentBytes() {
        return segmentBytes;
    }

    /** Number of segments the range is split into. */
    int segmentCount() {
        return segments.length();
    }

    /** The segments mapped so far. */
    BitSet mapped() {
        BitSet out = new BitSet();
        for (int k = 0; k < segments.length(); k++) {
            if (segments.get(k) != null) {
                out.set(k);
            }
        }
        return out;
    }

    /** Hands out bytes {@code from .. from+bytes-1} of the range (relative to its start), piece by piece. */
    void read(long from, long bytes, Piece piece) throws IOException {
        if (from < 0 || bytes < 0 || from + bytes > length) {
            throw new IndexOutOfBoundsException("expected a range within 0.." + length + ", found " + from + " + " + bytes);
        }
        long done = 0;
        while (done < bytes) {
            long at = from + done;
            int k = (int) (at / segmentBytes);
            ByteBuffer seg = segment(k);
            int position = (int) (at - k * segmentBytes);
            int n = (int) Math.min(bytes - done, seg.capacity() - position);
            piece.accept(seg, position, n, done);
            done += n;
        }
    }

    /** Drops the references to the mappings; the memory is unmapped once no piece refers to it (GC). */
    void release() {
        for (int k = 0; k < segments.length(); k++) {
            segments.set(k, null);
        }
    }

    private ByteBuffer segment(int k) throws IOException {
        MappedByteBuffer m = segments.get(k);
        if (m == null) {
            long offset = k * segmentBytes;
            MappedByteBuffer fresh = channel.map(FileChannel.MapMode.READ_ONLY, start + offset,
                    Math.min(segmentBytes, length - offset));
            m = segments.compareAndExchange(k, null, fresh);
            m = m == null ? fresh : m;
        }
        return m.duplicate().order(order);
    }
}

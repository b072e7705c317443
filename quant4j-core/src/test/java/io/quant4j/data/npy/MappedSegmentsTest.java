package io.quant4j.data.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data is mapped in segments (one mapping holds at most 2 GiB); a small segment size exercises
 * the several-mappings path of files above 2 GiB on a small file.
 */
class MappedSegmentsTest {
    private static final int N = 2000;
    private static final int SAMPLE = 3;

    @TempDir
    Path dir;

    /** 2,000 samples of 3 float32: element j of sample i is {@code i * 10 + j}. */
    private Path samples() throws IOException {
        float[] v = new float[N * SAMPLE];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i / SAMPLE) * 10 + i % SAMPLE;
        }
        return NpyBytes.write(dir, "x.npy", NpyBytes.dict("<f4", "(" + N + ", " + SAMPLE + ")"), NpyBytes.floats(v));
    }

    private static void assertSample(NpyFile f, int i) {
        float[] dst = new float[SAMPLE];
        f.readSample(i, dst, 0);
        assertThat(dst).as("sample %d", i).containsExactly(i * 10, i * 10 + 1, i * 10 + 2);
    }

    @Test
    void aSixGigabyteArrayIsSixMappingsOfAtMostOneGibibyte() {
        long bytes = 10_000L * 3 * 224 * 224 * 4;
        MappedSegments m = new MappedSegments(null, 128, bytes, NpyFile.DEFAULT_SEGMENT_BYTES, 4, ByteOrder.LITTLE_ENDIAN);
        assertThat(m.segmentCount()).isEqualTo(6);
        assertThat(m.segmentBytes()).isEqualTo(1L << 30);
        assertThat(m.mapped().isEmpty()).as("nothing is mapped before a read").isTrue();
        MappedSegments odd = new MappedSegments(null, 0, 100, 7, 2, ByteOrder.LITTLE_ENDIAN);
        assertThat(odd.segmentBytes()).as("whole float16 elements per segment").isEqualTo(6);
        assertThat(odd.segmentCount()).isEqualTo(17);
        assertThatThrownBy(() -> new MappedSegments(null, 0, 100, 3, 4, ByteOrder.LITTLE_ENDIAN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MappedSegments(null, 0, 100, 1L << 31, 4, ByteOrder.LITTLE_ENDIAN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readingOneSampleMapsOnlyThatSample() throws IOException {
        try (NpyFile f = NpyFile.open(samples(), SAMPLE * 4)) {
            assertThat(f.segments().segmentCount()).isEqualTo(N);
            assertSample(f, 1234);
            assertThat(f.segments().mapped().stream().toArray()).containsExactly(1234);
            assertSample(f, 0);
            assertSample(f, N - 1);
            assertThat(f.segments().mapped().stream().toArray()).containsExactly(0, 1234, N - 1);
        }
    }

    @Test
    void samplesStraddlingTwoMappingsReadWhole() throws IOException {
        // 30 bytes -> segments of 28 bytes (7 floats): sample 1234 (bytes 14808..14819) spans segments 528 and 529
        try (NpyFile f = NpyFile.open(samples(), 30)) {
            assertThat(f.segments().segmentBytes()).isEqualTo(28);
            assertThat(f.segments().segmentCount()).isEqualTo((N * SAMPLE * 4 + 27) / 28);
            assertSample(f, 1234);
            assertThat(f.segments().mapped().stream().toArray()).containsExactly(528, 529);
            for (int i = 0; i < N; i++) {
                assertSample(f, i);
            }
        }
    }

    @Test
    void piecesCoverTheRangeInOrder() throws IOException {
        try (NpyFile f = NpyFile.open(samples(), 28)) {
            List<long[]> pieces = new ArrayList<>();
            f.segments().read(20, 40, (buf, position, bytes, before) -> pieces.add(new long[] {position, bytes, before}));
            // bytes 20..59 of the data: 20..27 in segment 0, 28..55 in segment 1, 56..59 in segment 2
            assertThat(pieces).containsExactly(new long[] {20, 8, 0}, new long[] {0, 28, 8}, new long[] {0, 4, 36});
            assertThatThrownBy(() -> f.segments().read(N * SAMPLE * 4 - 4, 8, (b, p, n, x) -> { }))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void concurrentReadersSeeTheirOwnSamples() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (NpyFile f = NpyFile.open(samples(), 64)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < N; i += 4) {
                        assertSample(f, i);
                    }
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void readsAfterCloseFail() throws IOException {
        NpyFile f = NpyFile.open(samples());
        f.close();
        assertThatThrownBy(() -> f.readSample(0, new float[SAMPLE], 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("x.npy closed");
    }
}

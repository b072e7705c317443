package io.quant4j.quantization;

import io.quant4j.tensor.StraightThrough;
import io.quant4j.tensor.VectorLoops;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Fake quantization in one pass over native memory, split over the cores: reads each input once
 * and writes the output and, when training, the straight-through mask. Element {@code i} belongs
 * to channel {@code k = (i / inner) % K} ({@code K = scale.length}; per tensor {@code K = 1}):
 *
 * <pre>
 *   out[i]  = clamp(rint(x[i] * scale[k]), minBound, maxBound) / divisor[k]     (float32, as QuantGrid)
 *   mask[i] = |x[i]| &lt;= amax[k] ? 1 : 0
 * </pre>
 *
 * Clamping before rounding gives the same levels as after (the bounds are integers); NaN passes
 * through and gets mask 0, infinities clamp to the bounds. {@code divisor = 1} yields the levels.
 * The bounds keep {@code |t| <= 2^16}, within {@link #rint}'s domain. Chunks of at most 32,768
 * values of one channel are copied into per-thread arrays, where the loops are simple enough for
 * the JIT to vectorise; PyTorch's eager ops would take four passes for the output and three more
 * for the mask. (8,192-value chunks cost resnet_fmnist's QAT forward 1-2 ms more per step: four
 * times the parallel tasks.)
 *
 * <p>With {@link VectorLoops#enabled()} (the JVM has the Vector API) the loops are
 * {@link FakeQuantVector}'s, which load and store whole vectors on the native memory itself (no
 * copy into Java arrays), same results bit for bit; on resnet_fmnist's QAT step they cut the fake
 * quantizations' time by about a third.
 *
 * <p>The mask is written only for the spans of {@link #SPAN} values that hold a clipped value (or
 * NaN), and {@code run} returns those spans: elsewhere the gradient passes unchanged, so the
 * backward pass touches only them (a calibrated amax clips few values; none when amax is the max).
 */
final class FakeQuantKernel {
    private static final int CHUNK = 1 << 15;
    private static final int PARALLEL_MIN = 1 << 16;
    /** Granularity of the mask: spans where every value is within amax are neither written nor masked. */
    static final int SPAN = 1 << 10;
    /** 1.5 * 2^23: adding it to a float of magnitude below 2^22 rounds it to an integer, ties to even. */
    static final float MAGIC = 12582912f;
    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[2][CHUNK]);

    private FakeQuantKernel() {}

    /**
     * {@code Math.rint(t)} for {@code |t| < 2^22} and NaN, bit for bit (checked exhaustively over
     * every float), with additions and one multiplication, which the JIT vectorises ({@code
     * Math.rint} it does not, which made it 5x slower here, and {@code Math.min}/{@code max} it
     * vectorises slowly). {@code r = (t + MAGIC) - MAGIC} rounds ties to even (MAGIC is even) but
     * loses the sign of a zero result; {@code -((-r) - t * 0)} gives it back: {@code t * 0} is a
     * zero of t's sign, and only when {@code r} is a zero does it decide the sign of the
     * difference.
     */
    static float rint(float t) {
        float r = (t + MAGIC) - MAGIC;
        return -((-r) - t * 0f);
    }

    /**
     * Quantizes {@code x} into {@code out} (float32 bytes in the platform's order, same length, a
     * multiple of {@code inner} elements) and, unless {@code mask} is null, writes the
     * straight-through mask; with {@link VectorLoops#enabled()} the loops of {@link FakeQuantVector}.
     */
    static StraightThrough.Spans run(ByteBuffer x, ByteBuffer out, ByteBuffer mask, float[] scale, float[] divisor,
                                     float[] amax, float minBound, float maxBound, int inner) {
        int n = x.limit() / Float.BYTES;
        if (x.limit() % Float.BYTES != 0 || out.limit() != x.limit() || (mask != null && mask.limit() != n) || inner <= 0
                || n % inner != 0 || divisor.length != scale.length || amax.length != scale.length) {
            throw new IllegalArgumentException("expected buffers of " + n + " elements in blocks of " + inner
                    + " and one scale, divisor and amax per channel, found " + x.limit() + " input bytes, "
                    + out.limit() + " output bytes" + (mask == null ? "" : ", mask " + mask.limit()) + ", "
                    + scale.length + "/" + divisor.length + "/" + amax.length + " channel values");
        }
        boolean vector = VectorLoops.enabled();
        FloatBuffer xf = vector ? null : x.asFloatBuffer();
        FloatBuffer of = vector ? null : out.asFloatBuffer();
        int perBlock = (inner + CHUNK - 1) / CHUNK;
        int units = n / inner * perBlock;
        int[][] clipped = new int[units][];
        IntStream range = IntStream.range(0, units);
        (n >= PARALLEL_MIN ? range.parallel() : range).forEach(u -> {
            int block = u / perBlock;
            int offset = u % perBlock * CHUNK;
            int k = block % scale.length;
            int from = block * inner + offset;
            int len = Math.min(CHUNK, inner - offset);
            clipped[u] = vector
                    ? vectorChunk(x, out, mask, from, len, scale[k], divisor[k], amax[k], minBound, maxBound)
                    : chunk(xf, of, mask, from, len, scale[k], divisor[k], amax[k], minBound, maxBound);
        });
        return mask == null ? null : spans(clipped);
    }

    /** The spans of all units, in order: {@code clipped[u]} holds (from, length) pairs. */
    private static StraightThrough.Spans spans(int[][] clipped) {
        int count = 0;
        for (int[] c : clipped) {
            count += c.length / 2;
        }
        int[] from = new int[count];
        int[] length = new int[count];
        int j = 0;
        for (int[] c : clipped) {
            for (int i = 0; i < c.length; i += 2, j++) {
                from[j] = c[i];
                length[j] = c[i + 1];
            }
        }
        return new StraightThrough.Spans(from, length);
    }

    /** {@link #chunk} with {@link FakeQuantVector}'s loops, on the memory itself. */
    private static int[] vectorChunk(ByteBuffer x, ByteBuffer out, ByteBuffer mask, int from, int len,
                                     float scale, float divisor, float amax, float minBound, float maxBound) {
        FakeQuantVector.quantize(x, out, from, from + len, scale, divisor, minBound, maxBound);
        return mask == null ? null : clippedSpans(mask, from, len, amax,
                (start, end) -> FakeQuantVector.exceeds(x, start, end, amax), i -> x.getFloat(4 * i));
    }

    /** Element {@code i} of the input (an index of the whole tensor). */
    @FunctionalInterface
    private interface Values {
        float get(int i);
    }

    /** Whether some {@code |x[i]|}, {@code start <= i < end}, exceeds amax or is NaN. */
    @FunctionalInterface
    private interface Exceeds {
        boolean test(int start, int end);
    }

    /**
     * The {@link #SPAN}-element spans of {@code [from, from + len)} that hold a clipped value (or
     * NaN), as (from, length) pairs; writes the mask {@code |x| <= amax} of those spans only.
     */
    private static int[] clippedSpans(ByteBuffer mask, int from, int len, float amax, Exceeds exceeds, Values x) {
        int[] spans = new int[2 * ((len + SPAN - 1) / SPAN)];
        int found = 0;
        for (int start = from; start < from + len; start += SPAN) {
            int end = Math.min(from + len, start + SPAN);
            if (!exceeds.test(start, end)) {
                continue; // mask all ones: neither written nor masked
            }
            for (int i = start; i < end; i++) {
                mask.put(i, Math.abs(x.get(i)) <= amax ? (byte) 1 : (byte) 0);
            }
            spans[found++] = start;
            spans[found++] = end - start;
        }
        return found == spans.length ? spans : java.util.Arrays.copyOf(spans, found);
    }

    /**
     * One chunk; with a mask, returns (from, length) pairs of its {@link #SPAN}-element spans that
     * hold a 0 in the mask, and writes the mask of those spans only.
     */
    private static int[] chunk(FloatBuffer x, FloatBuffer out, ByteBuffer mask, int from, int len,
                               float scale, float divisor, float amax, float minBound, float maxBound) {
        float[][] f = FLOATS.get();
        float[] xs = f[0];
        float[] ys = f[1];
        x.get(from, xs, 0, len);
        for (int i = 0; i < len; i++) {
            float t = Math.min(Math.max(xs[i] * scale, minBound), maxBound);
            ys[i] = rint(t) / divisor;
        }
        out.put(from, ys, 0, len);
        return mask == null ? null : clippedSpans(mask, from, len, amax, (start, end) -> {
            float max = 0f;
            for (int i = start - from; i < end - from; i++) {
                max = Math.max(max, Math.abs(xs[i])); // NaN propagates
            }
            return !(max <= amax);
        }, i -> xs[i - from]);
    }
}

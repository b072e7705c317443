package io.quant4j.quantization;

import ai.djl.ndarray.types.DataType;
import io.quant4j.errors.ShapeMismatchException;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.MemoryFormat;
import io.quant4j.tensor.NativeMemory;
import io.quant4j.tensor.OpType;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.StraightThrough;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Tracer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fake quantization of tensors with the straight-through estimator, bit-identical to
 * pytorch-quantization's {@code fake_tensor_quant}:
 * <pre>
 *   y      = clamp(round_half_even(x * scale), minBound, maxBound) / scale,  scale = maxBound / amax
 *   dy/dx  = 1 where |x| &lt;= amax (inclusive), else 0;   amax gets no gradient
 * </pre>
 * ({@code y = 0} where {@code amax <= 2^-24}). Per channel, {@code amax} holds one value per index
 * of the kept axes (row-major over them: axes {@code (0, 1)} of {@code K x C x R x S} give
 * {@code K * C} values, shape {@code [K, C, 1, 1]}) and broadcasts over the other dimensions, as
 * pytorch-quantization broadcasts its keep-dims amax.
 *
 * <p>Dense float32 inputs (the usual case: row-major, or channels-last per tensor, see
 * {@link MemoryFormat}) go through {@link FakeQuantKernel}: one pass over memory that reads
 * {@code x} and writes {@code y} in {@code x}'s format (and the mask when training), the same values bit for bit,
 * negative zeros included. Training inside an {@link Autograd#record()} block: {@code y} is a
 * {@link StraightThrough} cut (a leaf whose masked gradient the recording passes on to {@code x}
 * in its backward), so the forward pass adds no graph op. With grad mode on outside a recording,
 * {@code y} is written over the result of {@code where(mask, x, 0)}, which carries the mask.
 * Other inputs take PyTorch's eager ops: {@code levels + (c - c.detach())} with
 * {@code c = clamp(x, -amax, amax)} (per channel {@code where(|x| <= amax, x, 0)}); there a
 * negative zero becomes {@code +0}, which no downstream computation can tell apart. The learned
 * clip ({@code learn_amax}) also takes that path, its gradient reaching the clip bounds.
 *
 * <p>While a {@link Tracer} records, each call is one {@code QuantizeDequantize} op with the
 * attributes {@code amax} (float[]: 1 value, or one per channel), {@code num_bits} (Long),
 * {@code unsigned}, {@code narrow_range} (Boolean) and {@code axis} (Long, -1 per tensor); a
 * quantizer keeping several axes records {@code axis} -1 and {@code axes} (long[], the resolved
 * axes), which ONNX's one-axis QuantizeLinear cannot carry; a
 * quantizer whose amax is computed from each input adds {@code dynamic_amax} (Boolean true): the
 * recorded amax is then the one of the traced input only, not a property of the model.
 */
public final class FakeQuant {


    /** Attribute present (true) when the recorded amax was computed from the traced input. */
    public static final String DYNAMIC_AMAX = "dynamic_amax";

    /** Attribute (long[]) of a quantizer that keeps several axes: the resolved axes. */
    public static final String AXES = "axes";

    private FakeQuant() {}

    /** Per-tensor fake quantization of {@code x} with {@code amax >= 0}. */
    public static Tensor apply(Tensor x, float amax, QuantGrid grid) {
        return run(x, new float[] {amax}, null, grid, true, grid.toString() + " fake quantization");
    }

    /**
     * Per-channel fake quantization: {@code amax[k]} applies to index {@code k} of dimension
     * {@code axis} ({@code amax.length == x.dim(axis)}, or 1 for a shared amax).
     */
    public static Tensor apply(Tensor x, float[] amax, int axis, QuantGrid grid) {
        return apply(x, amax, QuantAxis.of(axis), grid);
    }

    /**
     * Fake quantization with one amax per index of the given axes ({@code amax.length} = the
     * product of their sizes in {@code x}, or 1 for a shared amax); negative axes count from the end.
     */
    public static Tensor apply(Tensor x, float[] amax, QuantAxis axes, QuantGrid grid) {
        String who = grid.toString() + " per-channel(axis=" + axes + ") fake quantization";
        return run(x, amax, axes.resolve(x.shape(), who), grid, true, who);
    }

    /**
     * The tracing attributes of one quantization op (see the class comment).
     *
     * @param kept the resolved axes ({@link QuantAxis#resolve}), or null per tensor
     */
    public static Map<String, Object> attributes(float[] amax, int[] kept, QuantGrid grid) {
        Map<String, Object> m = new java.util.HashMap<>(Map.of(
                "amax", amax.clone(),
                "num_bits", (long) grid.numBits(),
                "unsigned", grid.unsigned(),
                "narrow_range", grid.narrowRange(),
                "axis", kept == null || amax.length == 1 || kept.length != 1 ? -1L : (long) kept[0]));
        if (kept != null && kept.length > 1 && amax.length > 1) {
            m.put(AXES, Arrays.stream(kept).asLongStream().toArray());
        }
        return Map.copyOf(m);
    }

    /** Validates, then quantizes inside one traced composite op. */
    static Tensor run(Tensor x, float[] amax, int[] kept, QuantGrid grid, boolean fake, String who) {
        return run(x, amax, kept, grid, fake, false, who);
    }

    /** As {@link #run(Tensor, float[], int[], QuantGrid, boolean, String)}; {@code dynamic} marks the trace. */
    static Tensor run(Tensor x, float[] amax, int[] kept, QuantGrid grid, boolean fake, boolean dynamic, String who) {
        float[] a = amax.clone();
        if (Tracer.active() == null) {
            boolean grad = Autograd.isRecording();
            Tensor done = FakeQuantMemo.lookup(x, a, kept, grid, fake, grad);
            if (done != null) {
                return done;
            }
            Tensor out = compute(x, a, kept, grid, fake, true, who);
            FakeQuantMemo.store(x, a, kept, grid, fake, grad, out);
            return out;
        }
        Map<String, Object> attrs = attributes(a, kept, grid);
        if (dynamic) {
            attrs = new java.util.HashMap<>(attrs);
            attrs.put(DYNAMIC_AMAX, true);
        }
        return Tracer.composite(fake ? OpType.QUANTIZE_DEQUANTIZE : OpType.QUANTIZE, List.of(x), attrs, () -> compute(x, a, kept, grid, fake, true, who));
    }

    /**
     * The computation, without recording. {@code mask}: apply the STE clip mask; false where the
     * input is already within {@code [-amax, amax]}: the output of a learned clip, which this call
     * then consumes (modifies in place and frees).
     */
    static Tensor compute(Tensor x, float[] amax, int[] kept, QuantGrid grid, boolean fake, boolean mask, String who) {
        checkAmax(amax, who);
        if (grid.unsigned()) {
            float min = Tensor.of(x.ndArray()).min().toFloatArray()[0];
            if (min < 0) {
                throw new NegativeUnsignedInputException(who, min);
            }
        }
        // DJL reports requires_grad for leaves only, so grad mode alone decides (the extra ops are
        // cheap and the value is the same up to the sign of zero).
        boolean grad = Autograd.isRecording();
        boolean cpuFloat = x.dataType() == DataType.FLOAT32 && x.ndArray().getDevice().equals(ai.djl.Device.cpu());
        MemoryFormat format = cpuFloat && x.size() <= Integer.MAX_VALUE ? MemoryFormat.of(x) : null;
        if ((mask || !grad) && format != null) {
            Tensor out = fused(x, format, amax, kept, grid, fake, grad, who);
            if (out != null) {
                return out;
            }
        }
        Tensor xd = grad ? x.stopGradient() : x;
        Tensor q;
        Tensor c = null;
        if (amax.length == 1) {
            q = levels(xd, grid.scale(amax[0]), grid);
            if (fake) {
                q.ndArray().divi(Tensor.scalar(grid.divisor(amax[0])).ndArray());
            }
            if (grad) {
                c = mask ? inScope(x).clamp(-amax[0], amax[0]) : x;
            }
        } else {
            long[] shape = channelShape(x, amax.length, kept, who);
            float[] s = new float[amax.length];
            float[] d = new float[amax.length];
            for (int k = 0; k < amax.length; k++) {
                s[k] = grid.scale(amax[k]);
                d[k] = grid.divisor(amax[k]);
            }
            q = levels(xd, Tensor.fromFloats(s, shape), grid);
            if (fake) {
                q.ndArray().divi(Tensor.fromFloats(d, shape).ndArray());
            }
            if (grad) {
                c = mask ? Tensor.where(xd.abs().lte(Tensor.fromFloats(amax, shape)), x,
                        Tensor.scalar(0f).broadcastTo(x.shape())) : x;
            }
        }
        if (!grad) {
            return q;
        }
        // q (no graph) becomes q + (c - c.detach()): the value of q (a zero's sign turns +) with the
        // gradient of c. Both steps run in place (c is this call's own intermediate, or the learned
        // clip's output), so the backward pass only runs c's mask; c's memory is released at once.
        ai.djl.ndarray.NDArray cd = c.ndArray().stopGradient();
        c.ndArray().subi(cd);
        cd.close();
        q.ndArray().addi(c.ndArray());
        c.ndArray().close();
        return q;
    }

    /**
     * On a dense float32 input: {@link FakeQuantKernel} reads {@code x} once and writes the result.
     * With grad mode on, the result is first made by {@code where(mask, x, 0)}, which records the
     * straight-through gradient {@code where(mask, grad, 0)} and saves the mask (all false when
     * recorded); the kernel then fills the mask and overwrites the values with {@code fq(x)}. The
     * mask's memory is read only by that backward, and the output is saved by no recorded op
     * (where saves only its condition), so the graph stays consistent. Null when the output is not
     * dense (an input of unusual strides), to take the eager path.
     */
    private static Tensor fused(Tensor x, MemoryFormat format, float[] amax, int[] kept, QuantGrid grid, boolean fake, boolean grad,
                                String who) {
        long[] shape = x.shape();
        int inner = (int) x.size();
        if (format != MemoryFormat.CONTIGUOUS && (amax.length > 1 || !StraightThrough.available() && grad)) {
            return null; // the kernel's channel index and where's result assume row-major
        }
        if (amax.length > 1) {
            channelShape(x, amax.length, kept, who); // validates amax against the input
            if (kept[kept.length - 1] - kept[0] != kept.length - 1) {
                return null; // axes with others between them: channel k is not (i / inner) % K
            }
            long after = 1;
            for (int d = kept[kept.length - 1] + 1; d < shape.length; d++) {
                after *= shape[d];
            }
            inner = (int) after;
        }
        float[] scale = new float[amax.length];
        float[] divisor = new float[amax.length];
        for (int k = 0; k < amax.length; k++) {
            scale[k] = grid.scale(amax[k]);
            divisor[k] = fake ? grid.divisor(amax[k]) : 1f;
        }
        Tensor mask = null;
        Tensor out;
        boolean cut = false;
        if (!grad) {
            out = NativeMemory.empty(DataType.FLOAT32, shape, format);
        } else if (StraightThrough.available()) {
            out = NativeMemory.empty(DataType.FLOAT32, shape, format);
            cut = StraightThrough.needsGradient(x);
            mask = cut ? NativeMemory.empty(DataType.BOOLEAN, shape, format) : null;
        } else {
            mask = NativeMemory.ones(DataType.BOOLEAN, shape); // the kernel writes only spans with a 0
            out = Tensor.where(mask, x, Tensor.scalar(0f).broadcastTo(shape));
            if (!NativeMemory.isDense(out)) {
                out.ndArray().close();
                mask.ndArray().close();
                return null;
            }
        }
        StraightThrough.Spans clipped = null;
        if (x.size() > 0) {
            clipped = FakeQuantKernel.run(NativeMemory.memoryFloatBytes(x), NativeMemory.memoryFloatBytes(out),
                    mask == null ? null : NativeMemory.memoryBooleans(mask), scale, divisor, amax, grid.minBound(), grid.maxBound(), inner);
        }
        if (cut) {
            StraightThrough.cut(x, out, mask, clipped == null ? StraightThrough.Spans.NONE : clipped);
        }
        return out;
    }

    /**
     * Per tensor, {@code round(clamp(x, minBound / s, maxBound / s) * s)}: the same levels as
     * {@code clamp(round(x * s), minBound, maxBound)} (bounds times {@code s} land within a few ulps
     * of the integer bounds, far inside the rounding interval; NaN, zeros and {@code s = 0} pass
     * through alike) with one array fewer, the product being taken in place.
     */
    private static Tensor levels(Tensor x, float s, QuantGrid grid) {
        Tensor t = s == 0f ? x.mul(Tensor.scalar(1f)) // amax ~ 0: no bound (0 / 0 would be NaN)
                : inScope(x).clamp((float) grid.minBound() / s, (float) grid.maxBound() / s);
        t.ndArray().muli(Tensor.scalar(s).ndArray());
        Tensor q = t.round();
        t.ndArray().close();
        return q;
    }

    /** {@code clamp(round(x * scale), minBound, maxBound)}; intermediates freed at once. */
    private static Tensor levels(Tensor x, Tensor scale, QuantGrid grid) {
        Tensor scaled = x.mul(scale);
        Tensor rounded = scaled.round();
        scaled.ndArray().close();
        Tensor q = rounded.clamp(grid.minBound(), grid.maxBound());
        rounded.ndArray().close();
        return q;
    }

    private static void checkAmax(float[] amax, String who) {
        for (float v : amax) {
            if (!(v >= 0)) {
                throw new NegativeAmaxException(who, amax);
            }
        }
    }

    /** Keep-dims shape of a per-channel amax for {@code x}: {@code [1, .., K, .., 1]} ({@code [K, C, 1, 1]} for two axes). */
    private static long[] channelShape(Tensor x, int k, int[] kept, String who) {
        long[] shape = kept == null ? null : QuantAxis.keepShape(x.shape(), kept);
        long n = 1;
        if (shape != null) {
            for (long d : shape) {
                n *= d;
            }
        }
        if (shape == null || n != k) {
            String axes = kept == null ? "none" : kept.length == 1 ? String.valueOf(kept[0]) : Arrays.toString(kept);
            throw new ShapeMismatchException(who + ": per-channel amax of " + k + " values on axis " + axes,
                    "an input with " + k + " channels on axis " + axes, x.shape(),
                    "The quantizer's amax was calibrated for another tensor; recalibrate it or check the axis.");
        }
        return shape;
    }

    /** A view of {@code x} owned by the current scope, so that clamp's bounds are freed with it. */
    private static Tensor inScope(Tensor x) {
        return x.ndArray().getManager() == Scope.creationManager() ? x : x.reshape(x.shape());
    }
}

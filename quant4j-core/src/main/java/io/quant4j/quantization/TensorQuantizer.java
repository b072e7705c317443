package io.quant4j.quantization;

import io.quant4j.nn.Buffer;
import io.quant4j.nn.Module;
import io.quant4j.quantization.calib.Amax;
import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.calib.Calibrator;
import io.quant4j.quantization.calib.HistogramCalibrator;
import io.quant4j.quantization.calib.MaxCalibrator;
import io.quant4j.quantization.calib.NoCalibrationDataException;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Tracer;
import java.util.Locale;
import java.util.Set;

/**
 * Quantizes the tensors that pass through it, as pytorch-quantization's {@code TensorQuantizer}.
 *
 * <p>Forward: disabled: {@code y = x}. Otherwise, if calibrating, the calibrator observes
 * {@code x}; if quantizing, {@code y = fq(x)} ({@link FakeQuant}) with amax from (a) the learned
 * clip ({@code learnAmax}: {@code x} is clipped first and {@code amax = max(-clipMin, clipMax)}),
 * else (b) the {@code _amax} buffer, else (c) dynamic {@code max|x|} (reduced as the axis says);
 * (b) and (c) are multiplied by {@code scaleAmax} when set. Calibration mode (quant off, calib on)
 * is the identity (a learned clip is not applied while calibrating). With quant off, calib off and
 * the clip on, {@code y = clip(x)}.
 *
 * <p>State dict: the {@code _amax} buffer (shape {@code []} per tensor, keep-dims per channel,
 * e.g. {@code [K, 1, 1, 1]}) exists once amax is known (fixed, calibrated, set or loaded); a
 * state dict holding it creates it on load. With learnAmax the child {@code clip} holds
 * {@code clip_value_min} and {@code clip_value_max}. Keys: {@code conv1._input_quantizer._amax}.
 *
 * <p>Tracing: each quantizing forward is one {@code QuantizeDequantize} op whose attributes
 * ({@code amax} float[], {@code num_bits} Long, {@code unsigned} / {@code narrow_range} Boolean,
 * {@code axis} Long, -1 per tensor) carry the amax fake quantization used, and
 * {@code dynamic_amax} (true) when that amax was computed from the traced input (no calibrated or
 * fixed amax: an exporter cannot use it as a constant). A learned clip is recorded before it as
 * the {@link Clip} module's own {@code Clip} op ({@code min}, {@code max}), the quantization then
 * using {@code amax = max(-clipMin, clipMax)}. Calibration-only forwards record nothing.
 */
public class TensorQuantizer extends Module {
    /** Name of the amax buffer (pytorch-quantization's). */
    public static final String AMAX = "_amax";

    private final QuantDescriptor desc;
    private final QuantGrid grid;
    private Calibrator calibrator;
    private final Clip clip;
    private boolean disabled;
    private boolean quant = true;
    private boolean calib;
    private boolean clipOn;
    private Buffer amax;
    private Tensor cachedFor;
    private float[] cached;

    public TensorQuantizer(QuantDescriptor descriptor) {
        this.desc = descriptor;
        this.grid = descriptor.grid();
        this.calibrator = newCalibrator();
        float[] fixed = descriptor.amax();
        if (fixed != null) {
            setAmax(fixed);
        }
        if (descriptor.learnAmax()) {
            float init = fixed != null ? fixed[0] : 1f;
            this.clip = register("clip", new Clip(-init, init));
            this.clipOn = true;
        } else {
            this.clip = null;
        }
    }

    private Calibrator newCalibrator() {
        return switch (desc.calibMethod()) {
            case MAX -> new MaxCalibrator(desc.axis(), label());
            case HISTOGRAM -> new HistogramCalibrator(grid, desc.axis(), label());
        };
    }

    /** A deep copy gets its own (empty) calibrator; amax and flags are copied. */
    @Override
    protected void afterCopy(Module original) {
        calibrator = newCalibrator();
        cachedFor = null;
        cached = null;
    }

    // ------------------------------------------------------------------ forward

    @Override
    protected Tensor forwardImpl(Tensor x) {
        if (disabled) {
            return x;
        }
        if (calib) {
            calibrator.collect(x);
        }
        if (quant) {
            return quantize(x);
        }
        // calibration (quant off, calib on) is the identity: a learned clip that still holds its
        // initial range must not distort what the quantizers after this one observe
        if (clipOn && !calib) {
            return clip.forward(x);
        }
        return x;
    }

    /**
     * The forward of a quantizer shared by another consumer ({@link TiedQuantizer}): as
     * {@link #forward} but without observing: disabled or quant off give {@code x} (the clip when
     * it is on), else {@code fq(x)} with this quantizer's amax.
     */
    public Tensor applyShared(Tensor x) {
        if (disabled) {
            return x;
        }
        if (quant) {
            return quantize(x);
        }
        return clipOn ? clip.forward(x) : x;
    }

    /** Whether a forward fake-quantizes (enabled, quant on). */
    public boolean isQuantizing() {
        return !disabled && quant;
    }

    /**
     * The amax a quantizing forward uses: the learned clip's {@code max(-clipMin, clipMax)}, else
     * the amax buffer (times {@code scaleAmax}); null when amax is dynamic (computed from each input).
     */
    public float[] quantizingAmax() {
        if (clip != null) {
            return new float[] {Math.max(-clip.minValue(), clip.maxValue())};
        }
        if (amax == null) {
            return null;
        }
        float[] a = amaxValues().clone();
        if (desc.scaleAmax() != null) {
            for (int i = 0; i < a.length; i++) {
                a[i] *= desc.scaleAmax();
            }
        }
        return a;
    }

    private Tensor quantize(Tensor x) {
        String who = label();
        if (clip != null) {
            float a = Math.max(-clip.minValue(), clip.maxValue());
            float[] am = {a};
            if (Tracer.active() != null) {
                // the clip's own Clip op, then the quantization: [clipMin, clipMax] is narrower than the
                // grid's [minBound, maxBound] * amax / maxBound, so a Q/DQ alone would not clip
                return FakeQuant.run(clip.forward(x), am, null, grid, desc.fakeQuant(), who);
            }
            return FakeQuant.compute(clip.apply(x), am, null, grid, desc.fakeQuant(), false, who);
        }
        int[] kept = desc.axis() == null ? null : desc.axis().resolve(x.shape(), who);
        float[] a = amax != null ? amaxValues() : MaxCalibrator.reduceAmax(x, desc.axis(), who).values();
        if (desc.scaleAmax() != null) {
            a = a.clone();
            float s = desc.scaleAmax();
            for (int i = 0; i < a.length; i++) {
                a[i] *= s;
            }
        }
        return FakeQuant.run(x, a, kept, grid, desc.fakeQuant(), amax == null, who);
    }

    // ------------------------------------------------------------------ flags

    /** Turns fake quantization on. */
    public TensorQuantizer enableQuant() {
        quant = true;
        return this;
    }

    /** Turns fake quantization off (calibration mode when calib is on). */
    public TensorQuantizer disableQuant() {
        quant = false;
        return this;
    }

    /** Feeds every forward input to the calibrator. */
    public TensorQuantizer enableCalib() {
        calib = true;
        return this;
    }

    public TensorQuantizer disableCalib() {
        calib = false;
        return this;
    }

    /**
     * Turns the learned clip stage on for forwards with quant off (with quant on the clip always
     * runs when learnAmax is set).
     *
     * @throws QuantizationException without learnAmax
     */
    public TensorQuantizer enableClip() {
        if (clip == null) {
            throw new QuantizationException(label() + ": expected a quantizer with learnAmax to enable the clip,"
                    + " found learnAmax = false", null, "Create the quantizer from a descriptor withLearnAmax(true).", null);
        }
        clipOn = true;
        return this;
    }

    public TensorQuantizer disableClip() {
        clipOn = false;
        return this;
    }

    /** Makes the quantizer the identity (nothing observed, nothing quantized). */
    public TensorQuantizer disable() {
        disabled = true;
        return this;
    }

    /** Undoes {@link #disable()}; the quant and calib flags are as they were. */
    public TensorQuantizer enable() {
        disabled = false;
        return this;
    }

    /** Not disabled. */
    public boolean isEnabled() {
        return !disabled;
    }

    public boolean isQuantEnabled() {
        return quant;
    }

    public boolean isCalibEnabled() {
        return calib;
    }

    public boolean isClipEnabled() {
        return clipOn;
    }

    // ------------------------------------------------------------------ amax

    /** The amax buffer's values (a copy), or null while amax is dynamic. */
    public float[] amax() {
        return amax == null ? null : amaxValues().clone();
    }

    /** The amax buffer's shape, or null while amax is dynamic. */
    public long[] amaxShape() {
        return amax == null ? null : amax.value().shape();
    }

    private float[] amaxValues() {
        Tensor t = amax.value();
        if (t != cachedFor) {
            cached = t.toFloatArray();
            cachedFor = t;
        }
        return cached;
    }

    /**
     * Sets amax: one value (shape {@code []}), or per channel one value per index of the axis
     * (several axes: one per index of them, row-major).
     * An existing buffer with as many values keeps its shape; otherwise the buffer is replaced
     * (per channel: shape {@code [K]}, broadcast along the axis when used).
     *
     * @throws NegativeAmaxException for a negative (or NaN) value
     */
    public void setAmax(float... values) {
        if (values.length == 0 || (values.length > 1 && desc.axis() == null)) {
            throw new QuantizationException(label() + ": expected " + (desc.axis() == null ? "one amax value"
                    : "one or per-channel amax values") + ", found " + values.length, null,
                    "Give one value per tensor, or one per channel of the axis.", null);
        }
        long[] shape = amax != null && amax.value().size() == values.length ? amax.value().shape()
                : values.length == 1 ? new long[0] : new long[] {values.length};
        setAmax(new Amax(values, shape));
    }

    /** Sets amax with the given shape (as a calibrator returns it). */
    public void setAmax(Amax a) {
        float[] v = a.values();
        for (float f : v) {
            if (!(f >= 0) || Float.isInfinite(f)) {
                throw new NegativeAmaxException(label(), v);
            }
        }
        Tensor t = Tensor.fromFloats(v, a.shape());
        if (amax != null && java.util.Arrays.equals(amax.value().shape(), a.shape())) {
            amax.assign(t);
        } else {
            removeState(AMAX);
            amax = buffer(AMAX, t);
        }
        cachedFor = null;
    }

    /**
     * Loads the calibrator's amax into the buffer ({@link AmaxMethod#max()} for a max calibrator;
     * percentile, entropy or mse for a histogram). With learnAmax the clip range is then
     * initialised from it ({@link #initLearnAmax()}).
     *
     * @throws NoCalibrationDataException when the calibrator saw no data
     */
    public void loadCalibAmax(AmaxMethod method) {
        setAmax(calibrator.computeAmax(method));
        if (clip != null) {
            initLearnAmax();
        }
    }

    /** {@link #loadCalibAmax(AmaxMethod)} with the max method. */
    public void loadCalibAmax() {
        loadCalibAmax(AmaxMethod.max());
    }

    /** Sets the learned clip range to {@code [-amax, amax]} from the amax buffer. */
    public void initLearnAmax() {
        if (clip == null || amax == null || amaxValues().length != 1) {
            throw new QuantizationException(label() + ": expected a learnAmax quantizer with a per-tensor amax, found "
                    + (clip == null ? "learnAmax = false" : "amax " + (amax == null ? "dynamic" : amaxValues().length + " values")),
                    null, "Calibrate (loadCalibAmax) or setAmax first, on a quantizer created withLearnAmax(true).", null);
        }
        float a = amaxValues()[0];
        clip.set(-a, a);
    }

    // ------------------------------------------------------------------ accessors

    public QuantDescriptor descriptor() {
        return desc;
    }

    /** The integer grid (bits, signedness, range). */
    public QuantGrid grid() {
        return grid;
    }

    /** {@code 2^(numBits - 1 + unsigned) - 1}: 127 for int8. */
    public int maxBound() {
        return grid.maxBound();
    }

    /** The lowest level: -128 for int8, -127 narrow, 0 unsigned. */
    public int minBound() {
        return grid.minBound();
    }

    /** The calibrator (max or histogram, from the descriptor). */
    public Calibrator calibrator() {
        return calibrator;
    }

    /** The learned clip module, or null without learnAmax. */
    public Clip clip() {
        return clip;
    }

    /** Frees what the calibrator collected (the histogram); amax is kept, calibration may restart. */
    public void releaseCalibrator() {
        calibrator.reset();
    }

    @Override
    protected Set<String> lazyStateNames() {
        return amax == null ? Set.of(AMAX) : Set.of();
    }

    @Override
    protected void createLazyState(String name, Tensor loaded) {
        if (!AMAX.equals(name) || amax != null) {
            super.createLazyState(name, loaded);
        }
        amax = buffer(AMAX, Tensor.zeros(loaded.shape()));
        cachedFor = null;
    }

    /** {@code 'name' 8bit per-tensor} as in messages; a forward adds the module path. */
    private String label() {
        return "TensorQuantizer(" + desc.describe() + ")";
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder();
        if (disabled) {
            sb.append("disabled ");
        }
        sb.append(grid);
        if (!desc.fakeQuant()) {
            sb.append(" real-quant");
        }
        sb.append(desc.axis() == null ? " per-tensor" : " per-channel(axis=" + desc.axis() + ")");
        sb.append(" amax=").append(shortAmax());
        if (desc.scaleAmax() != null) {
            sb.append(" *").append(desc.scaleAmax());
        }
        if (clip != null) {
            sb.append(" learned");
        }
        sb.append(" calibrator=").append(calibrator instanceof MaxCalibrator ? "Max" : "Histogram");
        if (calib) {
            sb.append(" calib");
        }
        if (!quant) {
            sb.append(" quant-off");
        }
        return sb.toString();
    }

    private String shortAmax() {
        if (amax == null) {
            return "dynamic";
        }
        float[] v = amaxValues();
        if (v.length == 1) {
            return String.format(Locale.ROOT, "%.4f", v[0]);
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        return String.format(Locale.ROOT, "[%.4f, %.4f](%d)", lo, hi, v.length);
    }

    /** One line: {@code TensorQuantizer(8bit per-channel(axis=0) amax=[0.0021, 0.4312](64) calibrator=Max)}. */
    @Override
    public String toString() {
        return "TensorQuantizer(" + extraRepr() + ")";
    }
}

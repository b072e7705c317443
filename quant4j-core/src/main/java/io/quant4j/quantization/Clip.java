package io.quant4j.quantization;

import io.quant4j.nn.Module;
import io.quant4j.nn.Parameter;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.OpType;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Tracer;
import java.util.List;
import java.util.Map;

/**
 * Learnable clip range of a quantizer with {@code learnAmax} (pytorch-quantization's {@code Clip}):
 * scalar parameters {@code clip_value_min} and {@code clip_value_max}.
 * <pre>
 *   c           = max(min(x, clipMax), clipMin)
 *   dL/dx       = dL/dc where clipMin &lt; x &lt; clipMax (strict), else 0
 *   dL/dclipMin = sum of dL/dc where x &lt;= clipMin
 *   dL/dclipMax = sum of dL/dc where x &gt;= clipMax
 * </pre>
 * Computed with comparison masks and {@code where} (PyTorch's {@code maximum}/{@code minimum} would
 * split the gradient at ties). Assumes {@code clipMin < clipMax}.
 */
public final class Clip extends Module {
    private final Parameter min;
    private final Parameter max;

    public Clip(float clipMin, float clipMax) {
        this.min = parameter("clip_value_min", Tensor.scalar(clipMin));
        this.max = parameter("clip_value_max", Tensor.scalar(clipMax));
    }

    /** The lower bound parameter (shape {@code []}). */
    public Parameter min() {
        return min;
    }

    /** The upper bound parameter (shape {@code []}). */
    public Parameter max() {
        return max;
    }

    /** Current lower bound. */
    public float minValue() {
        return min.value().toFloatArray()[0];
    }

    /** Current upper bound. */
    public float maxValue() {
        return max.value().toFloatArray()[0];
    }

    /** Sets both bounds (the parameters are replaced by new leaves; gradients restart). */
    public void set(float clipMin, float clipMax) {
        try (Autograd.Recording off = Autograd.noGrad()) {
            min.assign(Tensor.scalar(clipMin));
            max.assign(Tensor.scalar(clipMax));
        }
    }

    /** Recorded as one {@code Clip} op with Float attributes {@code min} and {@code max}. */
    @Override
    protected Tensor forwardImpl(Tensor x) {
        if (Tracer.active() == null) {
            return apply(x);
        }
        return Tracer.composite(OpType.CLIP, List.of(x), Map.of("min", minValue(), "max", maxValue()), () -> apply(x));
    }

    /** The clip computation, without recording a module or op of its own. */
    Tensor apply(Tensor x) {
        Tensor lo = min.value();
        Tensor hi = max.value();
        long[] s = x.shape();
        return Tensor.where(x.gte(hi), hi.broadcastTo(s), Tensor.where(x.lte(lo), lo.broadcastTo(s), x));
    }

    @Override
    public String extraRepr() {
        return "min=" + minValue() + ", max=" + maxValue();
    }
}

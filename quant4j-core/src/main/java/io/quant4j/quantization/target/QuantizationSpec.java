package io.quant4j.quantization.target;

import io.quant4j.quantization.selective.ModelQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.selective.SkipRules;
import java.util.List;

/**
 * A serializable description of how a model was quantized: the runtime it is placed for, the
 * quantizer defaults with the skipped modules, and further skips by path pattern and type.
 * Recipes and the CLI build their quantizer from a spec, checkpoints store it, and export reads its
 * target, so a quantized model can be rebuilt and exported from its file alone.
 *
 * @param params the quantizer defaults (calibrators, per-channel weights, learned amax, bits) and
 *     the dotted module paths left float
 * @param skipPatterns regular expressions of paths left float
 * @param skipTypes fully qualified class names of module types left float
 * @param target the runtime the placement is for (default {@link QuantTarget#TENSORRT})
 */
public record QuantizationSpec(SelectiveQuantizerParams params, List<String> skipPatterns, List<String> skipTypes,
                               QuantTarget target) {
    public QuantizationSpec {
        if (params == null) {
            throw new IllegalArgumentException("expected selective quantizer params, found null");
        }
        skipPatterns = skipPatterns == null ? List.of() : List.copyOf(skipPatterns);
        skipTypes = skipTypes == null ? List.of() : List.copyOf(skipTypes);
        target = target == null ? QuantTarget.TENSORRT : target;
        SkipRules.of(params.skipModules(), skipPatterns, skipTypes);
    }

    /** SuperGradients' defaults, no skips, TensorRT target. */
    public static QuantizationSpec defaults() {
        return new QuantizationSpec(SelectiveQuantizerParams.defaults(), List.of(), List.of(), QuantTarget.TENSORRT);
    }

    /** The dotted module paths left float. */
    public List<String> skipModules() {
        return params.skipModules();
    }

    /** Every skip as one rule (names, patterns, types). */
    public SkipRules skips() {
        return SkipRules.of(params.skipModules(), skipPatterns, skipTypes);
    }

    public QuantizationSpec withParams(SelectiveQuantizerParams p) {
        return new QuantizationSpec(p, skipPatterns, skipTypes, target);
    }

    public QuantizationSpec withSkipModules(List<String> names) {
        return withParams(params.withSkipModules(names));
    }

    public QuantizationSpec withSkipPatterns(List<String> patterns) {
        return new QuantizationSpec(params, patterns, skipTypes, target);
    }

    public QuantizationSpec withSkipTypes(List<String> types) {
        return new QuantizationSpec(params, skipPatterns, types, target);
    }

    public QuantizationSpec withTarget(QuantTarget t) {
        return new QuantizationSpec(params, skipPatterns, skipTypes, t);
    }

    /**
     * The quantizer this spec describes, from its target ({@link QuantTarget#placement}).
     *
     * @param sampleShape the shape of one input batch {@code N x C x H x W}, for targets that trace
     *     the model's dataflow
     */
    public ModelQuantizer toQuantizer(long... sampleShape) {
        return target.placement(this, sampleShape);
    }
}

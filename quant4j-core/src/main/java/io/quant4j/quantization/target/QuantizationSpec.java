package io.quant4j.quantization.target;

import io.quant4j.quantization.selective.ModelQuantizer;
import io.quant4j.quantization.selective.ModuleMapping;
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
 * @param mappings users' quantized blocks by class name with their descriptors (recipes'
 *     {@code quantized_module_mappings}; placed by the tensorrt target, before the registry's)
 */
public record QuantizationSpec(SelectiveQuantizerParams params, List<String> skipPatterns, List<String> skipTypes,
                               QuantTarget target, List<ModuleMapping> mappings) {
    public QuantizationSpec {
        if (params == null) {
            throw new IllegalArgumentException("expected selective quantizer params, found null");
        }
        skipPatterns = skipPatterns == null ? List.of() : List.copyOf(skipPatterns);
        skipTypes = skipTypes == null ? List.of() : List.copyOf(skipTypes);
        target = target == null ? QuantTarget.TENSORRT : target;
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
        SkipRules.of(params.skipModules(), skipPatterns, skipTypes);
    }

    /** A spec without quantized module mappings. */
    public QuantizationSpec(SelectiveQuantizerParams params, List<String> skipPatterns, List<String> skipTypes,
                            QuantTarget target) {
        this(params, skipPatterns, skipTypes, target, List.of());
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
        return new QuantizationSpec(p, skipPatterns, skipTypes, target, mappings);
    }

    public QuantizationSpec withSkipModules(List<String> names) {
        return withParams(params.withSkipModules(names));
    }

    public QuantizationSpec withSkipPatterns(List<String> patterns) {
        return new QuantizationSpec(params, patterns, skipTypes, target, mappings);
    }

    public QuantizationSpec withSkipTypes(List<String> types) {
        return new QuantizationSpec(params, skipPatterns, types, target, mappings);
    }

    public QuantizationSpec withTarget(QuantTarget t) {
        return new QuantizationSpec(params, skipPatterns, skipTypes, t, mappings);
    }

    public QuantizationSpec withMappings(List<ModuleMapping> m) {
        return new QuantizationSpec(params, skipPatterns, skipTypes, target, m);
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

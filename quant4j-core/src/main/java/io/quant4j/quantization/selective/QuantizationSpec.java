package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
import io.quant4j.quantization.QuantTarget;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A serializable description of how a model was quantized: the runtime it is placed for, the
 * quantizer defaults and the skips (module names, path patterns, type names). Recipes and the CLI
 * build their quantizer from a spec, and checkpoints store it, so a quantized model can be rebuilt
 * from its file alone.
 *
 * @param params the quantizer defaults (calibrators, per-channel weights, learned amax, bits)
 * @param skipModules dotted module paths left float
 * @param skipPatterns regular expressions of paths left float
 * @param skipTypes fully qualified class names of module types left float
 * @param target the runtime the placement is for (default {@link QuantTarget#TENSORRT})
 */
public record QuantizationSpec(SelectiveQuantizerParams params, List<String> skipModules, List<String> skipPatterns,
                               List<String> skipTypes, QuantTarget target) {
    public QuantizationSpec {
        if (params == null) {
            throw new IllegalArgumentException("expected selective quantizer params, found null");
        }
        skipModules = skipModules == null ? List.of() : List.copyOf(skipModules);
        skipPatterns = skipPatterns == null ? List.of() : List.copyOf(skipPatterns);
        skipTypes = skipTypes == null ? List.of() : List.copyOf(skipTypes);
        target = target == null ? QuantTarget.TENSORRT : target;
        for (String p : skipPatterns) {
            try {
                Pattern.compile(p);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid skip pattern '" + p + "': " + e.getDescription());
            }
        }
    }

    /** A TensorRT-target spec (the default target). */
    public QuantizationSpec(SelectiveQuantizerParams params, List<String> skipModules, List<String> skipPatterns,
                            List<String> skipTypes) {
        this(params, skipModules, skipPatterns, skipTypes, QuantTarget.TENSORRT);
    }

    /** SuperGradients' defaults, no skips, TensorRT target. */
    public static QuantizationSpec defaults() {
        return new QuantizationSpec(SelectiveQuantizerParams.defaults(), List.of(), List.of(), List.of(), QuantTarget.TENSORRT);
    }

    public QuantizationSpec withParams(SelectiveQuantizerParams p) {
        return new QuantizationSpec(p, skipModules, skipPatterns, skipTypes, target);
    }

    public QuantizationSpec withSkipModules(List<String> names) {
        return new QuantizationSpec(params, names, skipPatterns, skipTypes, target);
    }

    public QuantizationSpec withTarget(QuantTarget t) {
        return new QuantizationSpec(params, skipModules, skipPatterns, skipTypes, t);
    }

    /**
     * The quantizer this spec describes: a {@link SelectiveQuantizer} for TensorRT, an
     * {@link IntegerPlacement} for ONNX Runtime (which traces the model on an input of
     * {@code sampleShape}, {@code N x C x H x W}; TensorRT ignores it).
     */
    public ModelQuantizer toQuantizer(long... sampleShape) {
        if (target == QuantTarget.ONNXRUNTIME) {
            return new IntegerPlacement(params, skipModules, skipPatterns, skipTypes, sampleShape);
        }
        return toQuantizer();
    }

    /**
     * The TensorRT-target selective quantizer this spec describes.
     *
     * @throws QuantizationMappingException for an ONNX Runtime spec (use {@link #toQuantizer(long...)})
     */
    @SuppressWarnings("unchecked")
    public SelectiveQuantizer toQuantizer() {
        if (target != QuantTarget.TENSORRT) {
            throw new QuantizationMappingException("the " + target.id() + " target places quantizers from the model's"
                    + " dataflow, which a SelectiveQuantizer does not", null,
                    "Use toQuantizer(sampleShape) with the shape of an input batch.");
        }
        SelectiveQuantizer sq = new SelectiveQuantizer(params);
        if (!skipModules.isEmpty()) {
            sq.registerSkipQuantization(Set.copyOf(skipModules));
        }
        skipPatterns.forEach(p -> sq.registerSkipQuantization(Pattern.compile(p)));
        for (String t : skipTypes) {
            try {
                Class<?> c = Class.forName(t);
                if (!Module.class.isAssignableFrom(c)) {
                    throw new ClassNotFoundException(t + " is not a Module");
                }
                sq.registerSkipQuantization((Class<? extends Module>) c);
            } catch (ClassNotFoundException e) {
                throw new QuantizationMappingException("unknown module type '" + t + "' in skip types", null,
                        "Give a fully qualified Module class name on the class path, e.g. io.quant4j.nn.Linear.");
            }
        }
        return sq;
    }
}

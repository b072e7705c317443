package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A serializable description of how a model was quantized: the selective quantizer's defaults and
 * its skips (module names, path patterns, type names). Recipes and the CLI build their quantizer
 * from a spec, and checkpoints store it, so a quantized model can be rebuilt from its file alone.
 *
 * @param params the selective quantizer's defaults
 * @param skipModules dotted module paths left float
 * @param skipPatterns regular expressions of paths left float
 * @param skipTypes fully qualified class names of module types left float
 */
public record QuantizationSpec(SelectiveQuantizerParams params, List<String> skipModules, List<String> skipPatterns,
                               List<String> skipTypes) {
    public QuantizationSpec {
        if (params == null) {
            throw new IllegalArgumentException("expected selective quantizer params, found null");
        }
        skipModules = skipModules == null ? List.of() : List.copyOf(skipModules);
        skipPatterns = skipPatterns == null ? List.of() : List.copyOf(skipPatterns);
        skipTypes = skipTypes == null ? List.of() : List.copyOf(skipTypes);
        for (String p : skipPatterns) {
            try {
                Pattern.compile(p);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid skip pattern '" + p + "': " + e.getDescription());
            }
        }
    }

    /** SuperGradients' defaults, no skips. */
    public static QuantizationSpec defaults() {
        return new QuantizationSpec(SelectiveQuantizerParams.defaults(), List.of(), List.of(), List.of());
    }

    public QuantizationSpec withParams(SelectiveQuantizerParams p) {
        return new QuantizationSpec(p, skipModules, skipPatterns, skipTypes);
    }

    public QuantizationSpec withSkipModules(List<String> names) {
        return new QuantizationSpec(params, names, skipPatterns, skipTypes);
    }

    /** The selective quantizer this spec describes. */
    @SuppressWarnings("unchecked")
    public SelectiveQuantizer toQuantizer() {
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

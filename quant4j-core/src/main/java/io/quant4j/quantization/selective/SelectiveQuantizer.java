package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
import io.quant4j.quantization.QuantDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns float modules into quantized ones, selectively, as SuperGradients' {@code SelectiveQuantizer}.
 *
 * <p>The mapping table is data: keys are full dotted names, regular expressions (matched against
 * the whole path) or exact types; values are {@link QuantizedMetadata}. For each child, in tree
 * order, the first match wins in the order <b>name, pattern, type</b>; a child with no match is
 * searched recursively. Defaults ({@link DefaultMappings}): Conv2d, ConvTranspose2d, Linear,
 * AvgPool2d, AdaptiveAvgPool2d and the skip-connection placeholders are replaced;
 * BasicBlock/Bottleneck are recursed then replaced; {@link SkipQuantization} is unwrapped.
 * Descriptors default to SG's: inputs 8-bit per tensor with a histogram calibrator, weights 8-bit
 * per channel (axis 0) with a max calibrator.
 *
 * <pre>{@code
 * SelectiveQuantizer sq = new SelectiveQuantizer(SelectiveQuantizerParams.defaults());
 * sq.registerSkipQuantization(Set.of("fc"));
 * QuantizationReport report = sq.quantize(model);   // in place
 * }</pre>
 */
public final class SelectiveQuantizer implements ModelQuantizer {
    private static final Map<Class<? extends Module>, QuantizedMetadata> DEFAULTS = DefaultMappings.table();

    private final SelectiveQuantizerParams params;
    private final Map<Class<? extends Module>, QuantizedMetadata> byType = new LinkedHashMap<>();
    private final Map<String, QuantizedMetadata> byName = new LinkedHashMap<>();
    private final Map<Pattern, QuantizedMetadata> byPattern = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public SelectiveQuantizer() {
        this(SelectiveQuantizerParams.defaults());
    }

    /** A quantizer with these defaults; their {@code skipModules} are registered as skips. */
    public SelectiveQuantizer(SelectiveQuantizerParams params) {
        this.params = params;
        params.skipModules().forEach(n -> byName.put(n, QuantizedMetadata.skip()));
    }

    /** The defaults this quantizer was built with. */
    public SelectiveQuantizerParams params() {
        return params;
    }

    // ------------------------------------------------------------------ registration

    /** Leaves the modules at these dotted paths (and everything inside them) float. */
    public SelectiveQuantizer registerSkipQuantization(Set<String> names) {
        names.forEach(n -> byName.put(n, QuantizedMetadata.skip()));
        return this;
    }

    /** Leaves every module of these exact types float. */
    @SafeVarargs
    public final SelectiveQuantizer registerSkipQuantization(Class<? extends Module>... types) {
        for (Class<? extends Module> t : types) {
            byType.put(t, QuantizedMetadata.skip());
        }
        return this;
    }

    /** Leaves every module whose full dotted path matches the regex float. */
    public SelectiveQuantizer registerSkipQuantization(Pattern regex) {
        byPattern.put(regex, QuantizedMetadata.skip());
        return this;
    }

    /** Maps the modules at these dotted paths as instructed. */
    public SelectiveQuantizer registerQuantizationMapping(Set<String> names, QuantizedMetadata metadata) {
        names.forEach(n -> byName.put(n, metadata));
        return this;
    }

    /** Maps every module of an exact type as instructed (overrides the default for that type). */
    public SelectiveQuantizer registerQuantizationMapping(Class<? extends Module> type, QuantizedMetadata metadata) {
        byType.put(type, metadata);
        return this;
    }

    // ------------------------------------------------------------------ descriptors

    /** The input descriptor used when a mapping gives none ({@link SelectiveQuantizerParams#inputDescriptor()}). */
    public QuantDescriptor defaultInputDescriptor() {
        return params.inputDescriptor();
    }

    /** The weight descriptor used when a mapping gives none ({@link SelectiveQuantizerParams#weightDescriptor()}). */
    public QuantDescriptor defaultWeightDescriptor() {
        return params.weightDescriptor();
    }

    // ------------------------------------------------------------------ quantize

    /** Quantizes {@code model} in place and reports what was done. */
    @Override
    public QuantizationReport quantize(Module model) {
        warnings.clear();
        if (params.learnAmaxWeightsNote() != null) {
            warnings.add(params.learnAmaxWeightsNote());
        }
        Map<String, QuantizedMetadata> names = new LinkedHashMap<>(wrapperInstructions(model, ""));
        names.putAll(byName);
        checkTargetsExist(model, names.keySet());
        List<QuantizationReport.Entry> entries = new ArrayList<>();
        quantizeChildren(model, model, "", names, entries);
        return new QuantizationReport(entries, leftFloat(model), warnings);
    }

    private void checkTargetsExist(Module model, Set<String> names) {
        SkipRules.checkExist(model.namedModules().keySet(), names, byPattern.keySet(), "module to map or skip");
    }

    private Map<String, QuantizedMetadata> wrapperInstructions(Module m, String prefix) {
        Map<String, QuantizedMetadata> out = new LinkedHashMap<>();
        m.children().forEach((name, child) -> {
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            if (child instanceof SkipQuantization) {
                out.put(path, new QuantizedMetadata(ReplacementAction.UNWRAP, null, null, null, null));
            } else if (child instanceof QuantizedMapping qm) {
                out.put(path, qm.metadata());
            }
            out.putAll(wrapperInstructions(child, path));
        });
        return out;
    }

    private void quantizeChildren(Module root, Module parent, String prefix, Map<String, QuantizedMetadata> names,
                                  List<QuantizationReport.Entry> entries) {
        for (Map.Entry<String, Module> e : new ArrayList<>(parent.children().entrySet())) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (!maybeQuantize(root, path, e.getValue(), names, entries)) {
                quantizeChildren(root, e.getValue(), path, names, entries);
            }
        }
    }

    private boolean maybeQuantize(Module root, String path, Module child, Map<String, QuantizedMetadata> names,
                                  List<QuantizationReport.Entry> entries) {
        QuantizedMetadata md = names.get(path);
        String by = child instanceof SkipQuantization || child instanceof QuantizedMapping ? "wrapper" : "name";
        if (md != null && byName.containsKey(path)) {
            by = "name";
        }
        if (md == null) {
            for (Map.Entry<Pattern, QuantizedMetadata> p : byPattern.entrySet()) {
                if (p.getKey().matcher(path).matches()) {
                    md = p.getValue();
                    by = "pattern " + p.getKey().pattern();
                    break;
                }
            }
        }
        if (md == null) {
            md = typeMapping(child.getClass());
            by = "type";
        }
        if (md == null) {
            return false;
        }
        String floatType = child.typeName();
        switch (md.action()) {
            case SKIP -> entries.add(new QuantizationReport.Entry(path, floatType, md.action(), "", by));
            case UNWRAP -> {
                if (!(child instanceof SkipQuantization s)) {
                    throw new QuantizationMappingException("UNWRAP applies to SkipQuantization wrappers, found " + floatType,
                            path, "Use SKIP to leave a module float.");
                }
                root.replace(path, s.floatModule());
                entries.add(new QuantizationReport.Entry(path, s.floatModule().typeName(), md.action(), "", by));
            }
            default -> {
                Module floatModule = child instanceof QuantizedMapping qm ? qm.floatModule() : child;
                QuantDescriptor in = md.input() != null ? md.input() : defaultInputDescriptor();
                QuantDescriptor w = md.weights() != null ? md.weights() : defaultWeightDescriptor();
                if (md.action() == ReplacementAction.RECURSE_AND_REPLACE) {
                    quantizeChildren(root, floatModule, path, names, entries);
                }
                Module q = build(md, floatModule, in, w, path);
                root.replace(path, q);
                entries.add(new QuantizationReport.Entry(path, floatModule.typeName(), md.action(), md.targetName(), by));
                if (md.action() == ReplacementAction.REPLACE_AND_RECURSE) {
                    quantizeChildren(root, q, path, names, entries);
                }
            }
        }
        return true;
    }

    /** The mapping of an exact type: this quantizer's own, else the registry's, else the default. */
    private QuantizedMetadata typeMapping(Class<? extends Module> type) {
        QuantizedMetadata md = byType.get(type);
        if (md == null) {
            md = QuantizationRegistry.lookup(type);
        }
        return md != null ? md : DEFAULTS.get(type);
    }

    private static Module build(QuantizedMetadata md, Module floatModule, QuantDescriptor in, QuantDescriptor w, String path) {
        try {
            Module q = md.target().create(floatModule, in, w);
            if (q == null) {
                throw new QuantizationMappingException(md.targetName() + " factory returned null for " + floatModule.typeName(),
                        path, "Return the quantized module from the factory.");
            }
            return q;
        } catch (QuantizationMappingException e) {
            throw (QuantizationMappingException) e.locateIfAbsent(path);
        } catch (ClassCastException e) {
            throw new QuantizationMappingException(md.targetName() + " cannot be built from " + floatModule.typeName()
                    + ": " + e.getMessage(), path, "Map " + md.targetName() + " only to the module type it is made for.", e);
        }
    }

    private List<String> leftFloat(Module model) {
        List<String> out = new ArrayList<>();
        model.namedModules().forEach((path, m) -> {
            QuantizedMetadata def = DEFAULTS.get(m.getClass());
            if (!path.isEmpty() && def != null && def.action() == ReplacementAction.REPLACE) {
                out.add(path);
            }
        });
        return out;
    }
}

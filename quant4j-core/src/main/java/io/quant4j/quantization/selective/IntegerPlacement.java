package io.quant4j.quantization.selective;

import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.nn.AvgPool2d;
import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Identity;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.NoSuchModuleException;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.TiedQuantizer;
import io.quant4j.quantization.layers.IntegerConv2d;
import io.quant4j.quantization.layers.IntegerLayer;
import io.quant4j.quantization.layers.IntegerLinear;
import io.quant4j.quantization.layers.QuantAdaptiveAvgPool2d;
import io.quant4j.quantization.layers.QuantAvgPool2d;
import io.quant4j.quantization.layers.QuantInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Quantizes a float model for ONNX Runtime's integer kernels ({@link io.quant4j.quantization.QuantTarget#ONNXRUNTIME}),
 * placing quantizers from the model's traced dataflow rather than from module types alone.
 *
 * <p>Rules (each measured against what ONNX Runtime 1.22 fuses on CPU):
 * <ol>
 *   <li>Every {@link Conv2d} that runs once becomes an {@link IntegerConv2d}: the eval BatchNorm
 *       that alone reads its output is folded in (the BN module becomes {@link Identity}), and a
 *       ReLU/ReLU6 module that alone reads the result and runs once is fused (it becomes Identity).
 *       The conv's output, after that activation, is quantized by its {@code _output_quantizer}
 *       (unsigned when the activation makes it non-negative). A conv followed by a ReLU module
 *       shared with other call sites (ResNet blocks) is quantized after the ReLU by its readers
 *       when all of them quantize their input, else before the ReLU.
 *   <li>Every {@link Linear} with a 2-D input becomes an {@link IntegerLinear} (output float).
 *   <li>Every reader of a tensor that must be quantized (the input of an integer conv, linear or
 *       average pool, or a skip placeholder entering an add) gets it quantized: not at all when
 *       its producer already quantized it (also through max pooling, flatten and reshape, which
 *       commute with quantization), by its own quantizer when it is the first reader, and by a
 *       {@link TiedQuantizer} sharing the first reader's quantizer otherwise. So each tensor has
 *       one quantizer, both inputs of residual adds are quantized, and so is each add's output
 *       (by the next block's readers). The model input is quantized by its first reader (signed).
 *   <li>A quantizer is unsigned (8-bit {@code [0, 255]}, zero point 0) when its tensor is
 *       non-negative by construction (after a ReLU, a clip at 0, pooling of such), else signed.
 *   <li>Skipped modules (names, patterns, types, {@link SkipQuantization} wrappers) and everything
 *       in them stay float; so do convs whose output is the model's output and modules that run
 *       several times.
 * </ol>
 * Descriptors: activations 8-bit per tensor with {@code calibrator_i}, weights per channel (axis 0)
 * with {@code calibrator_w}, as {@link SelectiveQuantizer}. Replaced float modules are closed.
 *
 * <pre>{@code
 * QuantizationReport r = new IntegerPlacement(SelectiveQuantizerParams.defaults(), List.of(), List.of(), List.of(),
 *         new long[] {1, 1, 28, 28}).quantize(model);
 * }</pre>
 */
public final class IntegerPlacement implements ModelQuantizer {
    private final SelectiveQuantizerParams params;
    private final List<String> skipModules;
    private final List<Pattern> skipPatterns;
    private final List<String> skipTypes;
    private final long[] sampleShape;

    /**
     * @param sampleShape the shape of one input batch ({@code N x C x H x W}); the model is traced on
     *     seeded random data of this shape to see its dataflow
     */
    public IntegerPlacement(SelectiveQuantizerParams params, List<String> skipModules, List<String> skipPatterns,
                            List<String> skipTypes, long[] sampleShape) {
        if (params == null) {
            throw new IllegalArgumentException("expected selective quantizer params, found null");
        }
        if (sampleShape == null || sampleShape.length == 0 || Arrays.stream(sampleShape).anyMatch(d -> d < 1)) {
            throw new QuantizationMappingException("the onnxruntime target traces the model and needs the shape of an input"
                    + " batch, found " + Arrays.toString(sampleShape), null,
                    "Give the input shape N x C x H x W, e.g. QuantizationSpec.toQuantizer(1, 1, 28, 28).");
        }
        this.params = params;
        this.skipModules = List.copyOf(skipModules);
        this.skipPatterns = skipPatterns.stream().map(Pattern::compile).toList();
        this.skipTypes = List.copyOf(skipTypes);
        for (String t : skipTypes) {
            try {
                if (!Module.class.isAssignableFrom(Class.forName(t))) {
                    throw new ClassNotFoundException(t);
                }
            } catch (ClassNotFoundException e) {
                throw new QuantizationMappingException("unknown module type '" + t + "' in skip types", null,
                        "Give a fully qualified Module class name on the class path, e.g. io.quant4j.nn.Linear.");
            }
        }
        this.sampleShape = sampleShape.clone();
    }

    @Override
    public QuantizationReport quantize(Module model) {
        checkFloat(model);
        List<QuantizationReport.Entry> entries = new ArrayList<>();
        List<String> skips = new ArrayList<>(skipModules);
        unwrapSkips(model, "", skips, entries);
        checkSkipsExist(model, skips);
        Dataflow df = Dataflow.trace(model, sampleShape);
        Map<String, Module> modules = model.namedModules();
        IntegerPlan plan = IntegerPlan.of(df, path -> skipped(modules, path, skips));
        skips.forEach(s -> entries.add(new QuantizationReport.Entry(s, model.get(s).typeName(), ReplacementAction.SKIP, "", "name")));
        apply(model, plan, entries);
        String summary = plan.convs.size() + " integer convs, " + plan.linears.size() + " integer linear layers, "
                + plan.integerAdds + " integer adds";
        QuantizationReport report = new QuantizationReport(entries, plan.leftFloat, plan.warnings, List.of(summary));
        if (params.verbose()) {
            System.out.print(report.format());
        }
        return report;
    }

    private void apply(Module model, IntegerPlan plan, List<QuantizationReport.Entry> entries) {
        Map<String, TensorQuantizer> owners = new HashMap<>();
        for (IntegerPlan.Conv c : plan.convs) {
            Conv2d f = (Conv2d) model.get(c.path());
            BatchNorm2d bn = c.bnPath() == null ? null : (BatchNorm2d) model.get(c.bnPath());
            IntegerConv2d q = IntegerConv2d.fromFloat(f, bn, c.activation(), weightDescriptor());
            if (c.outputValue() != null) {
                TensorQuantizer o = new TensorQuantizer(activationDescriptor(c.outputUnsigned()));
                q.quantizeOutput(o);
                owners.put(c.outputValue(), o);
            }
            replace(model, c.path(), q, "IntegerConv2d", entries);
            if (bn != null) {
                replace(model, c.bnPath(), new Identity(), "Identity (folded into " + c.path() + ")", entries);
            }
            if (c.activationPath() != null) {
                replace(model, c.activationPath(), new Identity(), "Identity (fused into " + c.path() + ")", entries);
            }
        }
        for (String path : plan.linears) {
            replace(model, path, IntegerLinear.fromFloat((Linear) model.get(path), weightDescriptor()), "IntegerLinear", entries);
        }
        for (IntegerPlan.Slot s : plan.slots) {
            Module m = model.get(s.path());
            TensorQuantizer owner = owners.get(s.value());
            switch (s.input()) {
                case UPSTREAM -> {
                    if (m instanceof IntegerLayer l) {
                        l.inputQuantizedBy(owner);
                    }
                }
                case SHARED -> {
                    if (m instanceof IntegerLayer l) {
                        l.shareInput(owner);
                    } else {
                        replace(model, s.path(), new TiedQuantizer(owner), "TiedQuantizer", entries);
                    }
                }
                case OWN -> {
                    TensorQuantizer q = ownQuantizer(model, s, m, entries);
                    owners.putIfAbsent(s.value(), q);
                }
            }
        }
    }

    private TensorQuantizer ownQuantizer(Module model, IntegerPlan.Slot s, Module m, List<QuantizationReport.Entry> entries) {
        QuantDescriptor d = activationDescriptor(s.unsigned());
        return switch (s.kind()) {
            case CONV, LINEAR -> {
                TensorQuantizer q = new TensorQuantizer(d);
                ((IntegerLayer) m).quantizeInput(q);
                yield q;
            }
            case PLACEHOLDER -> {
                TensorQuantizer q = new TensorQuantizer(d);
                replace(model, s.path(), q, "TensorQuantizer", entries);
                yield q;
            }
            case POOL -> {
                QuantInput pool = m instanceof AdaptiveAvgPool2d a ? QuantAdaptiveAvgPool2d.fromFloat(a, d, null)
                        : QuantAvgPool2d.fromFloat((AvgPool2d) m, d, null);
                replace(model, s.path(), (Module) pool, pool.getClass().getSimpleName(), entries);
                yield pool.inputQuantizer();
            }
        };
    }

    private static void replace(Module model, String path, Module q, String what, List<QuantizationReport.Entry> entries) {
        Module old = model.get(path);
        model.replace(path, q);
        entries.add(new QuantizationReport.Entry(path, old.typeName(), ReplacementAction.REPLACE, what, "dataflow"));
        old.close();
    }

    /** Activations: 8-bit per tensor (bits and calibrator from the params), unsigned for non-negative tensors. */
    QuantDescriptor activationDescriptor(boolean unsigned) {
        return QuantDescriptor.INT8_PER_TENSOR.withCalibMethod(params.calibratorI()).withNumBits(params.inputBits())
                .withLearnAmax(params.learnAmax()).withUnsigned(unsigned);
    }

    /** Weights: per output channel (axis 0) unless per-tensor is asked for. */
    QuantDescriptor weightDescriptor() {
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withCalibMethod(params.calibratorW()).withNumBits(params.weightBits());
        return params.perChannel() ? d.withAxis(0) : d.withLearnAmax(params.learnAmax());
    }

    // ------------------------------------------------------------------ skips and checks

    private boolean skipped(Map<String, Module> modules, String path, List<String> skips) {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('.'))) {
            String at = p;
            if (skips.contains(at) || skipPatterns.stream().anyMatch(r -> r.matcher(at).matches())) {
                return true;
            }
            Module m = modules.get(at);
            if (m != null && skipTypes.contains(m.getClass().getName())) {
                return true;
            }
            if (!p.contains(".")) {
                return false;
            }
        }
    }

    private static void unwrapSkips(Module model, String prefix, List<String> skips, List<QuantizationReport.Entry> entries) {
        for (Map.Entry<String, Module> e : new ArrayList<>(model.get(prefix).children().entrySet())) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof SkipQuantization s) {
                model.replace(path, s.floatModule());
                skips.add(path);
                entries.add(new QuantizationReport.Entry(path, s.floatModule().typeName(), ReplacementAction.UNWRAP, "", "wrapper"));
            } else if (e.getValue() instanceof QuantizedMapping) {
                throw new QuantizationMappingException("a QuantizedMapping wrapper names a TensorRT-style quantized module;"
                        + " the onnxruntime target places quantizers from the dataflow", path,
                        "Remove the wrapper (or wrap the module in SkipQuantization to keep it float), or use the tensorrt target.");
            } else {
                unwrapSkips(model, path, skips, entries);
            }
        }
    }

    private static void checkFloat(Module model) {
        model.namedModules().forEach((path, m) -> {
            if (m instanceof TensorQuantizer || m instanceof TiedQuantizer || m instanceof IntegerLayer || m instanceof QuantInput) {
                throw new QuantizationMappingException("expected a float model, found the quantized module " + m.typeName(),
                        path.isEmpty() ? "<root>" : path, "Quantize the float model (a quantized model cannot be placed again).");
            }
        });
    }

    private void checkSkipsExist(Module model, List<String> skips) {
        var existing = model.namedModules().keySet();
        for (String n : skips) {
            if (!existing.contains(n)) {
                throw new NoSuchModuleException(n, existing, "module to skip");
            }
        }
        for (Pattern p : skipPatterns) {
            if (existing.stream().noneMatch(path -> p.matcher(path).matches())) {
                throw new QuantizationMappingException("pattern '" + p.pattern() + "' matches no module path", null,
                        "Paths look like " + existing.stream().filter(s -> !s.isEmpty()).limit(4).toList()
                                + "; the pattern must match a whole path.");
            }
        }
    }
}

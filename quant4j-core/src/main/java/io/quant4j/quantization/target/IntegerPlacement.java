package io.quant4j.quantization.target;

import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.nn.AvgPool2d;
import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Identity;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.TiedQuantizer;
import io.quant4j.quantization.layers.IntegerConv2d;
import io.quant4j.quantization.layers.IntegerLayer;
import io.quant4j.quantization.layers.IntegerLinear;
import io.quant4j.quantization.layers.QuantAdaptiveAvgPool2d;
import io.quant4j.quantization.layers.QuantAvgPool2d;
import io.quant4j.quantization.layers.QuantInput;
import io.quant4j.quantization.selective.ModelQuantizer;
import io.quant4j.quantization.selective.QuantizationMappingException;
import io.quant4j.quantization.selective.QuantizationReport;
import io.quant4j.quantization.selective.QuantizedMapping;
import io.quant4j.quantization.selective.ReplacementAction;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.selective.SkipQuantization;
import io.quant4j.quantization.selective.SkipRules;
import io.quant4j.tensor.OpType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * QuantizationReport r = QuantizationSpec.defaults().withTarget(QuantTarget.ONNXRUNTIME).toQuantizer(1, 1, 28, 28)
 *         .quantize(model);
 * }</pre>
 */
public final class IntegerPlacement implements ModelQuantizer {
    private final SelectiveQuantizerParams params;
    private final SkipRules skips;
    private final Set<OpType> preserving;
    private final long[] sampleShape;

    /**
     * @param spec defaults and skips
     * @param preserving the ops that carry a quantized tensor through unchanged (the target's)
     * @param sampleShape the shape of one input batch ({@code N x C x H x W}); the model is traced on
     *     seeded random data of this shape to see its dataflow
     */
    public IntegerPlacement(QuantizationSpec spec, Set<OpType> preserving, long[] sampleShape) {
        checkSampleShape(sampleShape);
        this.params = spec.params();
        this.skips = spec.skips();
        this.preserving = Set.copyOf(preserving);
        this.sampleShape = sampleShape.clone();
    }

    /**
     * Refuses a missing or non-positive input batch shape, which tracing needs.
     *
     * @throws QuantizationMappingException saying which shape to give
     */
    static void checkSampleShape(long[] sampleShape) {
        if (sampleShape == null || sampleShape.length == 0 || Arrays.stream(sampleShape).anyMatch(d -> d < 1)) {
            throw new QuantizationMappingException("the onnxruntime target traces the model and needs the shape of an input"
                    + " batch, found " + Arrays.toString(sampleShape), null,
                    "Give the input shape N x C x H x W, e.g. QuantizationSpec.toQuantizer(1, 1, 28, 28).");
        }
    }

    @Override
    public QuantizationReport quantize(Module model) {
        checkFloat(model);
        List<QuantizationReport.Entry> entries = new ArrayList<>();
        List<String> unwrapped = new ArrayList<>();
        unwrapSkips(model, "", unwrapped, entries);
        SkipRules.checkExist(model.namedModules().keySet(), skips.names(), skips.patterns(), "module to skip");
        Dataflow df = Dataflow.trace(model, sampleShape, preserving);
        Map<String, Module> modules = model.namedModules();
        IntegerPlan plan = IntegerPlan.of(df, path -> skips.skips(modules, path, unwrapped));
        List<String> named = new ArrayList<>(skips.names());
        named.addAll(unwrapped);
        named.forEach(s -> entries.add(new QuantizationReport.Entry(s, model.get(s).typeName(), ReplacementAction.SKIP, "", "name")));
        apply(model, plan, entries);
        String summary = plan.convs.size() + " integer convs, " + plan.linears.size() + " integer linear layers, "
                + plan.integerAdds + " integer adds";
        List<String> warnings = new ArrayList<>(plan.warnings);
        if (params.learnAmaxWeightsNote() != null) {
            warnings.add(params.learnAmaxWeightsNote());
        }
        return new QuantizationReport(entries, plan.leftFloat, warnings, List.of(summary));
    }

    private void apply(Module model, IntegerPlan plan, List<QuantizationReport.Entry> entries) {
        Map<String, TensorQuantizer> owners = new HashMap<>();
        for (IntegerPlan.Conv c : plan.convs) {
            Conv2d f = (Conv2d) model.get(c.path());
            BatchNorm2d bn = c.bnPath() == null ? null : (BatchNorm2d) model.get(c.bnPath());
            IntegerConv2d q = IntegerConv2d.fromFloat(f, bn, c.activation(), params.weightDescriptor());
            if (c.outputValue() != null) {
                TensorQuantizer o = new TensorQuantizer(params.activationDescriptor(c.outputUnsigned()));
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
            replace(model, path, IntegerLinear.fromFloat((Linear) model.get(path), params.weightDescriptor()), "IntegerLinear", entries);
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
        QuantDescriptor d = params.activationDescriptor(s.unsigned());
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



    // ------------------------------------------------------------------ skips and checks

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
}

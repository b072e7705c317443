package io.quant4j.nn;

import ai.djl.ndarray.types.DataType;
import io.quant4j.io.SafeTensors;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads a module's parameters and buffers as safetensors, with PyTorch's names
 * ({@code layer1.0.conv1.weight}, {@code bn1.running_mean}, ...).
 */
public final class StateDict {
    private StateDict() {}

    /** Writes the module's state atomically. */
    public static void save(Module module, Path file, Map<String, String> metadata) throws IOException {
        SafeTensors.write(file, module.stateTensors(), metadata);
    }

    /**
     * Loads a file into the module. Strict: any missing, unexpected or mismatched key is an error
     * and nothing is changed. Non-strict: matching keys are loaded, the rest reported. Either way,
     * non-finite values and element types that do not convert exactly are an
     * {@link UnusableWeightsException} naming each tensor, and nothing is changed.
     */
    public static LoadReport load(Module module, Path file, boolean strict) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        try (Scope s = Scope.open()) {
            Map<String, Tensor> values = new LinkedHashMap<>();
            c.tensors().forEach((k, e) -> values.put(k, e.toTensor()));
            return load(module, values, strict, file + " (into " + module.typeName() + ")");
        }
    }

    /** Loads tensors by name (see {@link #load(Module, Path, boolean)}); values are copied. */
    public static LoadReport load(Module module, Map<String, Tensor> values, boolean strict, String source) {
        Map<String, StateEntry> entries = module.stateEntries();
        Map<String, Map.Entry<Module, String>> lazy = new LinkedHashMap<>();
        module.namedModules().forEach((path, m) -> {
            for (String n : m.lazyStateNames()) {
                String key = path.isEmpty() ? n : path + "." + n;
                if (values.containsKey(key) && !entries.containsKey(key)) {
                    lazy.put(key, Map.entry(m, n));
                }
            }
        });
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, StateEntry> e : entries.entrySet()) {
            Tensor v = values.get(e.getKey());
            if (v == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(v.shape(), e.getValue().value().shape())) {
                mismatched.add(e.getKey() + ": file " + Arrays.toString(v.shape()) + " vs model "
                        + Arrays.toString(e.getValue().value().shape()));
            }
        }
        for (String k : values.keySet()) {
            if (!entries.containsKey(k) && !lazy.containsKey(k)) {
                unexpected.add(k);
            }
        }
        LoadReport report = new LoadReport(missing, unexpected, mismatched);
        if (strict && !report.clean()) {
            throw new StateDictMismatchException(source, report);
        }
        List<String> unusable = new ArrayList<>();
        for (Map.Entry<String, StateEntry> e : entries.entrySet()) {
            Tensor v = values.get(e.getKey());
            if (v != null && Arrays.equals(v.shape(), e.getValue().value().shape())) {
                String p = WeightValues.problem(v, e.getValue().value().dataType());
                if (p != null) {
                    unusable.add(e.getKey() + ": " + p);
                }
            }
        }
        if (!unusable.isEmpty()) {
            throw new UnusableWeightsException(source, unusable);
        }
        lazy.forEach((k, m) -> m.getKey().createLazyState(m.getValue(), values.get(k)));
        Map<String, StateEntry> targets = lazy.isEmpty() ? entries : module.stateEntries();
        try (Autograd.Recording off = Autograd.noGrad()) {
            for (Map.Entry<String, StateEntry> e : targets.entrySet()) {
                Tensor v = values.get(e.getKey());
                if (v == null || !Arrays.equals(v.shape(), e.getValue().value().shape())) {
                    continue;
                }
                DataType want = e.getValue().value().dataType();
                // DJL's toType(sameType, copy=true) returns an alias, not a copy: a value read from a
                // file would then share the file buffer's memory, freed when that buffer is collected
                ai.djl.ndarray.NDArray src = v.ndArray();
                Tensor copy = Tensor.of(src.getDataType() == want ? src.duplicate() : src.toType(want, true));
                e.getValue().assign(copy);
            }
        }
        return report;
    }
}

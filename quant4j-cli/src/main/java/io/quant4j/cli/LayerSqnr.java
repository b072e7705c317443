package io.quant4j.cli;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.nn.EvalMode;
import io.quant4j.nn.Module;
import io.quant4j.onnx.compare.OutputAgreement;
import io.quant4j.quantization.analysis.QuantizedLayers;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each quantized layer's output against the float model's, with every layer quantized: the same
 * calibrated model run twice per batch, once with every quantizer disabled (the float model) and
 * once as calibrated, every layer's output compared ({@link OutputAgreement}: SQNR, cosine). The
 * error a layer shows includes what reaches it from the layers before.
 */
final class LayerSqnr {
    private LayerSqnr() {}

    /**
     * @param quantized a calibrated quantized model (left with every layer quantized)
     * @param inputs the batches compared
     * @param maxBatches at most this many batches
     * @return layer path to its agreement, in model order
     */
    static Map<String, OutputAgreement> measure(Module quantized, DataLoader inputs, int maxBatches) {
        QuantizedLayers layers = QuantizedLayers.of(quantized);
        Set<String> wanted = Set.copyOf(layers.names());
        Map<String, OutputAgreement> out = new LinkedHashMap<>();
        layers.names().forEach(l -> out.put(l, OutputAgreement.empty()));
        try {
            EvalMode.run(quantized, () -> {
                try (BatchStream s = inputs.epoch(0)) {
                    int done = 0;
                    while (done < maxBatches && s.hasNext()) {
                        Batch b = s.next();
                        try (Scope step = Scope.open()) {
                            Tensor x = b.images();
                            layers.floatAll();
                            Map<String, List<float[]>> ref = outputs(quantized, x, wanted);
                            layers.quantizeAll();
                            Map<String, List<float[]>> got = outputs(quantized, x, wanted);
                            ref.forEach((path, r) -> {
                                List<float[]> g = got.get(path);
                                if (g != null && g.size() == r.size()) {
                                    OutputAgreement a = out.get(path);
                                    for (int i = 0; i < r.size(); i++) {
                                        a = a.add(r.get(i), g.get(i));
                                    }
                                    out.put(path, a);
                                }
                            });
                        }
                        done++;
                    }
                }
                return null;
            });
        } finally {
            layers.quantizeAll();
        }
        return out;
    }

    private static Map<String, List<float[]>> outputs(Module model, Tensor x, Set<String> wanted) {
        Map<String, List<float[]>> seen = new HashMap<>();
        try (AutoCloseable l = Module.listen((path, m, in, y) -> {
            if (wanted.contains(path)) {
                seen.computeIfAbsent(path, k -> new ArrayList<>()).add(y.toFloatArray());
            }
        })) {
            model.forward(x);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return seen;
    }
}

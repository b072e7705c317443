package io.quant4j.cli;

import io.quant4j.models.ModelInfo;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quant4j summary --model NAME}: the module tree with paths, types, own parameter counts
 * and the output shape of each module for one sample input.
 */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Print a model's module tree with output shapes.")
public final class SummaryCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model name (see 'quant4j models').")
    String model;

    @Option(names = "--input-shape", description = "Sample input N x C x H x W, e.g. 1x1x28x28 (default: the model's).")
    String inputShape;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelInfo info = Models.info(model);
        long[] shape = inputShape != null ? Shapes.parse(inputShape, 4, "--input-shape") : prepend(1, info.inputShape());
        Shapes.requireAllocatable(shape, "--input-shape");
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Module m = Models.get(model, ModelOptions.defaults()); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            m.eval();
            Map<Module, long[]> outShapes = new HashMap<>();
            try (AutoCloseable l = Module.listen((path, mod, in, out) -> outShapes.putIfAbsent(mod, out.shape()))) {
                m.forward(Tensor.zeros(shape));
            }
            System.out.printf("%-36s %-26s %12s  %s%n", "path", "type", "parameters", "output");
            for (Map.Entry<String, Module> e : m.namedModules().entrySet()) {
                Module mod = e.getValue();
                long own = mod.ownParameters().values().stream().mapToLong(p -> p.value().size()).sum();
                long[] out = outShapes.get(mod);
                String path = e.getKey().isEmpty() ? "(root)" : e.getKey();
                System.out.printf("%-36s %-26s %,12d  %s%n", path, mod.typeName(), own, out == null ? "-" : Arrays.toString(out));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("path", e.getKey());
                row.put("type", mod.typeName());
                row.put("parameters", own);
                row.put("output_shape", out);
                rows.add(row);
            }
            long total = m.parameterCount();
            System.out.printf("total parameters: %,d; input %s%n", total, Arrays.toString(shape));
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("model", model);
                o.put("parameters", total);
                o.put("input_shape", shape);
                o.put("modules", rows);
                System.out.println(Json.line(o));
            }
        }
        return 0;
    }

    private static long[] prepend(long n, long[] s) {
        long[] out = new long[s.length + 1];
        out[0] = n;
        System.arraycopy(s, 0, out, 1, s.length);
        return out;
    }
}

package io.quant4j.cli;

import io.quant4j.models.ModelInfo;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quant4j models}: lists the zoo with parameter counts (built, not remembered) and input shapes. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the model zoo.")
public final class ModelsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf("%-14s %12s  %-12s %s%n", "name", "parameters", "input", "description");
        for (ModelInfo info : Models.list()) {
            long params;
            try (Module m = Models.get(info.name(), ModelOptions.defaults())) {
                params = m.parameterCount();
            }
            String shape = String.join("x", java.util.Arrays.stream(info.inputShape()).mapToObj(Long::toString).toList());
            System.out.printf("%-14s %,12d  %-12s %s%n", info.name(), params, shape, info.description());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", info.name());
            row.put("parameters", params);
            row.put("input_shape", info.inputShape());
            row.put("pretrained", info.bundledWeights() != null);
            rows.add(row);
        }
        if (json) {
            System.out.println(Json.line(Map.of("models", rows)));
        }
        return 0;
    }
}

package io.quant4j.cli;

import io.quant4j.recipe.Recipe;
import io.quant4j.recipe.RecipeSource;
import io.quant4j.recipe.RecipeValidator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code quant4j qat --recipe FILE}: PTQ then quantization-aware training from a recipe
 * ({@code quantization_params.ptq_only: true} stops after PTQ).
 */
@Command(name = "qat", mixinStandardHelpOptions = true, description = "Recipe-driven PTQ then quantization-aware training.")
public final class QatCommand implements Callable<Integer> {
    @Mixin
    RecipeOptions opts;

    @Override
    public Integer call() throws Exception {
        return run(opts.recipeFile, opts.overrides(), opts.runDir, opts.resume, opts.json, false);
    }

    /** Shared with {@code ptq --recipe}. */
    static int run(Path recipeFile, List<String> overrides, Path runDir, boolean resume, boolean json, boolean ptqOnly)
            throws Exception {
        RecipeSource src = RecipeSource.load(recipeFile, overrides);
        RecipeValidator.validate(src, true);
        Recipe recipe = src.recipe();
        Path dir = RunFolders.choose(runDir, recipe.runRoot(), recipe.experimentName(), resume);
        System.out.println("run folder: " + dir);
        Map<String, Object> s = new QuantizationFlow(recipe, dir, resume).run(ptqOnly).toMap();
        printTable(s);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (String k : List.of("fp32_accuracy", "ptq_accuracy", "ptq_onnx_accuracy", "qat_accuracy", "qat_onnx_accuracy",
                    "qat_epochs", "fp32_step_ms", "qat_step_ms", "run_dir", "ptq_onnx", "qat_onnx", "warnings")) {
                o.put(k, s.get(k));
            }
            System.out.println(Json.line(o));
        }
        return 0;
    }

    /** Simulated (Java) and deployed (the ONNX file in ONNX Runtime) top-1 of each stage. */
    private static void printTable(Map<String, Object> s) {
        System.out.printf("%-6s %-12s %s%n", "stage", "simulated", "ONNX Runtime");
        System.out.printf("%-6s %-12s %s%n", "FP32", percent(s.get("fp32_accuracy")), "");
        for (String stage : List.of("ptq", "qat")) {
            if (s.get(stage + "_accuracy") != null) {
                System.out.printf("%-6s %-12s %s%n", stage.toUpperCase(Locale.ROOT), percent(s.get(stage + "_accuracy")),
                        s.get(stage + "_onnx_accuracy") == null ? "not exported" : percent(s.get(stage + "_onnx_accuracy")));
            }
        }
    }

    private static String percent(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.2f %%", 100 * n.doubleValue()) : "-";
    }
}

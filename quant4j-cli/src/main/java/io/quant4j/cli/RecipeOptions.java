package io.quant4j.cli;

import io.quant4j.errors.Quant4jException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** The options of the recipe-driven commands ({@code train}, {@code qat}). */
final class RecipeOptions {
    /** The recipe key that an option of {@code ptq} sets when it runs without a recipe (data: option to key). */
    private static final Map<String, String> RECIPE_KEYS = Map.ofEntries(
            Map.entry("--model", "model.name"),
            Map.entry("--pretrained", "model.pretrained"),
            Map.entry("--checkpoint", "model.checkpoint"),
            Map.entry("--calib-method", "quantization_params.calib_params.histogram_calib_method"),
            Map.entry("--percentile", "quantization_params.calib_params.percentile"),
            Map.entry("--num-calib-batches", "quantization_params.calib_params.num_calib_batches"),
            Map.entry("--max-clipped", "quantization_params.calib_params.max_clipped_fraction"),
            Map.entry("--weight-bits", "quantization_params.selective_quantizer_params.weight_bits"),
            Map.entry("--input-bits", "quantization_params.selective_quantizer_params.input_bits"),
            Map.entry("--skip", "quantization_params.selective_quantizer_params.skip_modules"),
            Map.entry("--per-tensor-weights", "quantization_params.selective_quantizer_params.per_channel"),
            Map.entry("--target", "quantization_params.target"),
            Map.entry("--fp16", "quantization_params.export_params.fp16"));

    @Option(names = "--recipe", required = true, description = "The recipe (YAML).")
    Path recipeFile;

    @Option(names = "--set", description = "Override a recipe value, e.g. --set training_hyperparams.max_epochs=1 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--weights", description = "Start from this float safetensors state dict (e.g. torchvision weights, see"
            + " docs/data.md); the same as --set model.checkpoint=FILE --set model.pretrained=false.")
    Path weights;

    @Option(names = "--data", description = "Validation data (a dataset name, an IDX folder, an image folder or a .npy); the same as"
            + " --set dataset_params.val=PATH.")
    String data;

    @Option(names = "--calib-data", description = "Calibration data (as --data; labels not needed); the same as"
            + " --set dataset_params.calib=PATH.")
    String calibData;

    @Option(names = "--run-dir", description = "Run folder (default: <run_root>/<experiment_name>/<time>).")
    Path runDir;

    @Option(names = "--resume", description = "Continue an interrupted run (the newest unless --run-dir).")
    boolean resume;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    /** The {@code --set} overrides, followed by those that {@code --weights}, {@code --data} and {@code --calib-data} stand for. */
    List<String> overrides() {
        return withShortcuts(overrides, weights, data, calibData);
    }

    /**
     * {@code overrides} followed by the overrides that the shortcut options stand for (none for a
     * null): {@code --weights FILE} for {@code model.pretrained=false} and
     * {@code model.checkpoint=FILE}, {@code --data} for {@code dataset_params.val},
     * {@code --calib-data} for {@code dataset_params.calib}.
     */
    static List<String> withShortcuts(List<String> overrides, Path weights, String data, String calibData) {
        List<String> all = new ArrayList<>(overrides);
        if (weights != null) {
            all.add("model.pretrained=false");
            all.add("model.checkpoint=" + weights);
        }
        if (data != null) {
            all.add("dataset_params.val=" + data);
        }
        if (calibData != null) {
            all.add("dataset_params.calib=" + calibData);
        }
        return all;
    }

    /**
     * Refuses options that a command would silently ignore: with a recipe, anything but
     * {@code allowedWithRecipe} (the recipe decides; {@code --set KEY=VALUE} changes it); without
     * one, {@code --set} and {@code --run-dir}.
     */
    static void checkCombination(CommandSpec spec, boolean recipeGiven, List<String> allowedWithRecipe) {
        ParseResult parsed = spec.commandLine().getParseResult();
        for (OptionSpec o : parsed.matchedOptions()) {
            String name = o.longestName();
            if (recipeGiven && !allowedWithRecipe.contains(name)) {
                String key = RECIPE_KEYS.get(name);
                throw new Quant4jException(name + " would be ignored with --recipe: the recipe decides it", "command line",
                        key != null ? "Set it in the recipe, or pass --set " + key + "=VALUE." : "Drop " + name + ".", null);
            }
            if (!recipeGiven && (name.equals("--set") || name.equals("--run-dir"))) {
                throw new Quant4jException(name + " applies to a recipe: expected --recipe FILE with it", "command line",
                        "Add --recipe FILE, or drop " + name + ".", null);
            }
        }
    }
}

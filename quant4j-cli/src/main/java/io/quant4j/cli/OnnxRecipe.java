package io.quant4j.cli;

import io.quant4j.data.DataSource;
import io.quant4j.errors.Quant4jException;
import io.quant4j.recipe.CriterionParams;
import io.quant4j.recipe.DatasetParams;
import io.quant4j.recipe.ModelParams;
import io.quant4j.recipe.Recipe;
import io.quant4j.recipe.RecipeRuntime;
import java.io.PrintStream;

/**
 * A recipe whose model is an ONNX file ({@code model.onnx}): the settings of {@code qat --onnx},
 * from YAML. The keys map as the options do:
 * <pre>
 *   model.onnx, input_shape, mean, std, channel_order       --onnx, --input-shape, --mean, --std, --channel-order
 *   dataset_params.train / calib / val                       --data / --calib-data / --eval-data
 *   dataset_params.train_subset / val_subset                 --train-limit / --eval-limit
 *   dataset_params.train_dataloader_params.batch_size        --batch-size
 *   dataset_params.train_transforms                          --augment
 *   training_hyperparams (max_epochs, optimizer, initial_lr, lr_mode, freeze_bn_stats, seed, ...)
 *   training_hyperparams.criterion_params                    --loss (default mse), --temperature, --match, --match-weight
 *   quantization_params (target, calib_params, selective_quantizer_params: weight_bits, per_channel, skip_modules)
 * </pre>
 * Unlike the command's defaults (lamb, lr 1e-4, no weight decay), a recipe's training values are
 * its own: write them out.
 */
final class OnnxRecipe {
    private OnnxRecipe() {}

    /** The settings of the recipe's label-free QAT; notes about the input go to {@code out}. */
    static OnnxQatSettings settings(Recipe r, PrintStream out) {
        ModelParams m = r.model();
        InputSpecOptions options = InputSpecOptions.of(m.inputShape(), m.mean(), m.std(), m.channelOrder(),
                new String[] {"model.input_shape", "model.mean", "model.std", "model.channel_order"});
        OnnxInput in = OnnxInput.of(m.onnx(), options);
        if (in.note() != null) {
            out.println("note: " + in.note());
        }
        DatasetParams d = r.datasetParams();
        String named = d.train() != null ? d.train() : d.dataset();
        if (named == null) {
            throw new Quant4jException("expected training images for the ONNX model, found no dataset_params.train", "dataset_params.train",
                    "Set dataset_params.train: a folder of representative inputs (labels not needed), a dataset name or a .npy.", null);
        }
        DataSource train = DataSource.parse(named);
        DataSource calib = d.calib() != null ? DataSource.parse(d.calib()) : train;
        DataSource eval = d.val() != null ? DataSource.parse(d.val()) : train;
        RecipeRuntime rt = new RecipeRuntime(r);
        CriterionParams c = r.trainingHyperparams().criterionParams();
        long[] shape = in.spec().shape();
        int calibBatch = CalibBatchSize.of(d.calibDataloaderParams() == null ? null : d.calibDataloaderParams().batchSize(), shape);
        return new OnnxQatSettings(m.onnx(), in.spec(), train, calib, eval, rt.quantizationSpec(), rt.calibrationParams(), calibBatch,
                r.trainingHyperparams().seed(), rt.trainingParams(), null, c.loss() == null ? "mse" : c.loss(), c.temperature(),
                d.trainSubset(), d.valSubset(), OnnxQatSettings.evalBatchSize(shape), false, null, null, null, d.trainTransforms().augmentation(), c.match(),
                c.matchWeight());
    }
}

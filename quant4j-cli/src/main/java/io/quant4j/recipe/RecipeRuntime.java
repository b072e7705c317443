package io.quant4j.recipe;

import io.quant4j.checkpoint.CheckpointInfo;
import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.data.Augmentation;
import io.quant4j.data.DataLoader;
import io.quant4j.data.DataSource;
import io.quant4j.data.DataSources;
import io.quant4j.data.Dataset;
import io.quant4j.data.IdxDatasetSpec;
import io.quant4j.data.InputSpec;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Split;
import io.quant4j.io.SafeTensors;
import io.quant4j.models.Models;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.train.OptimizerKind;
import io.quant4j.train.ScheduleKind;
import io.quant4j.train.TrainingParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Turns a bound {@link Recipe} into the objects that run it: loaders, training params, quantization spec. */
public final class RecipeRuntime {
    /** Decoding threads of image folders. */
    private static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private final Recipe recipe;

    public RecipeRuntime(Recipe recipe) {
        this.recipe = recipe;
    }

    public Recipe recipe() {
        return recipe;
    }

    /** The named dataset of {@code dataset_params.dataset}, or null. */
    private IdxDatasetSpec named() {
        String d = recipe.datasetParams().dataset();
        return d == null ? null : "mnist".equals(d) ? IdxDatasetSpec.MNIST : IdxDatasetSpec.FASHION_MNIST;
    }

    /**
     * How the model reads its input: the named dataset's preprocessing (for the model's channels)
     * when training or validation reads the named dataset ({@code train} or {@code val} unset),
     * else the model's own: its quant4j checkpoint's, else its zoo entry's.
     */
    public InputSpec inputSpec() {
        ModelParams m = recipe.model();
        DatasetParams d = recipe.datasetParams();
        InputSpec spec;
        if (d.train() == null || d.val() == null) {
            spec = named() == IdxDatasetSpec.MNIST ? InputSpec.MNIST : InputSpec.FASHION_MNIST;
        } else {
            CheckpointInfo ckpt = checkpoint();
            if (ckpt != null) {
                return ckpt.input();
            }
            spec = Models.info(m.name()).input();
        }
        return spec.withChannels(m.inChannels() != null ? m.inChannels() : spec.channels());
    }

    /** What a checkpoint of the recipe's model says about it: its classes, channels, input spec, quantization (null: float). */
    public CheckpointInfo checkpointInfo(QuantizationSpec quantization, Map<String, String> extra) {
        ModelParams m = recipe.model();
        var zoo = Models.info(m.name());
        return new CheckpointInfo(m.name(), headClasses(),
                m.inChannels() != null ? m.inChannels() : (int) zoo.inputShape()[0], quantization, extra, inputSpec());
    }

    /** The model's output classes: {@code model.num_classes}, else its quant4j checkpoint's, else the zoo default. */
    public int headClasses() {
        ModelParams m = recipe.model();
        if (m.numClasses() != null) {
            return m.numClasses();
        }
        CheckpointInfo ckpt = checkpoint();
        return ckpt != null ? ckpt.numClasses() : Models.info(m.name()).defaultClasses();
    }

    /** The metadata of {@code model.checkpoint} when it is a quant4j checkpoint, else null. */
    private CheckpointInfo checkpoint() {
        Path file = recipe.model().checkpoint();
        if (file == null) {
            return null;
        }
        try {
            return SafeTensors.read(file).metadata().containsKey("model") ? ModelCheckpoint.info(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A source of the recipe: the given one, else the named dataset (in {@code data_dir} when set). */
    private DataSource source(String given) {
        if (given != null) {
            return DataSource.parse(given);
        }
        DatasetParams d = recipe.datasetParams();
        return d.dataDir() == null ? new DataSource.Named(named()) : new DataSource.IdxFolder(d.dataDir().resolve(named().dirName()));
    }

    private DataLoader loader(String given, Split split, int subset, Augmentation aug, LoaderOptions options) {
        DataSource src = source(given);
        InputSpec spec = inputSpec();
        Dataset ds = DataSources.open(src, split, spec, aug, false);
        DataSources.checkClasses(src, ds, headClasses());
        if (subset > 0 && subset < ds.size()) {
            ds = ds.slice(0, subset);
        }
        return new DataLoader(ds, options.withWorkers(WORKERS).withTransform(DataSources.transform(src, spec, aug)));
    }

    /** The training loader (augmented as the recipe says, seeded with the training seed). */
    public DataLoader trainLoader() {
        DatasetParams d = recipe.datasetParams();
        LoaderParams lp = d.trainDataloaderParams();
        return loader(d.train(), Split.TRAIN, d.trainSubset(), d.trainTransforms().augmentation(), LoaderOptions.training(lp.batchSize())
                .withShuffle(lp.shuffle()).withDropLast(lp.dropLast()).withSeed(recipe.trainingHyperparams().seed()));
    }

    /** The validation loader: in order, unaugmented. */
    public DataLoader valLoader() {
        DatasetParams d = recipe.datasetParams();
        LoaderParams lp = d.valDataloaderParams();
        return loader(d.val(), Split.TEST, d.valSubset(), Augmentation.NONE, LoaderOptions.evaluation(lp.batchSize())
                .withShuffle(lp.shuffle()).withDropLast(lp.dropLast()));
    }

    /**
     * The calibration loader, separate from the training loader: {@code calib} (else the training
     * data) without augmentation; {@code calib_dataloader_params} when given, else the training
     * batch size, shuffled when {@code num_calib_batches} is set (SuperGradients' rule).
     */
    public DataLoader calibLoader() {
        DatasetParams d = recipe.datasetParams();
        LoaderParams lp = d.calibDataloaderParams();
        boolean shuffle = lp != null ? lp.shuffle() : recipe.quantizationParams().calibParams().numCalibBatches() != null;
        int batch = lp != null ? lp.batchSize() : d.trainDataloaderParams().batchSize();
        return loader(d.calib() != null ? d.calib() : d.train(), Split.TRAIN, d.calib() != null ? 0 : d.trainSubset(), Augmentation.NONE,
                LoaderOptions.evaluation(batch).withShuffle(shuffle).withSeed(recipe.trainingHyperparams().seed()));
    }

    /** The trainer's parameters. */
    public TrainingParams trainingParams() {
        TrainingHyperparams t = recipe.trainingHyperparams();
        OptimizerParams o = t.optimizerParams();
        TrainingParams.Builder b = TrainingParams.builder()
                .epochs(t.maxEpochs())
                .batchSize(recipe.datasetParams().trainDataloaderParams().batchSize())
                .optimizer(OptimizerKind.parse(t.optimizer()))
                .lr(t.initialLr())
                .momentum(o.momentum())
                .nesterov(o.nesterov())
                .betas(o.betas().get(0), o.betas().get(1))
                .eps(o.eps())
                .weightDecay(o.weightDecay())
                .decayAll(!t.zeroWeightDecayOnBiasAndBn())
                .schedule(ScheduleKind.parse(t.lrMode()))
                .schedulePerStep(t.lrSchedulePerStep())
                .finalLrRatio(t.cosineFinalLrRatio())
                .stepSize(t.lrStepEpochs())
                .gamma(t.lrStepGamma())
                .warmupEpochs(t.lrWarmupEpochs())
                .warmupInitialLr(t.warmupInitialLr() != null ? t.warmupInitialLr() : Double.NaN)
                .warmupPerEpoch("linear_epoch".equals(t.warmupMode()))
                .freezeBatchNorm(t.freezeBnStats())
                .labelSmoothing(t.labelSmoothing())
                .ema(t.ema())
                .emaDecay(t.emaDecay())
                .seed(t.seed())
                .maxStepsPerEpoch(t.maxTrainBatches());
        return b.build();
    }

    /** How to quantize: the recipe's selective quantizer params, target and quantized module mappings, no further skips. */
    public QuantizationSpec quantizationSpec() {
        QuantizationRecipe q = recipe.quantizationParams();
        return new QuantizationSpec(q.selectiveQuantizerParams(), List.of(), List.of(), q.target(), q.mappings());
    }

    /** How to calibrate: {@code num_calib_batches}, else enough batches for 512 images. */
    public CalibrationParams calibrationParams() {
        return recipe.quantizationParams().calibParams();
    }
}

package io.quant4j.recipe;

import io.quant4j.data.DataLoader;
import io.quant4j.data.Dataset;
import io.quant4j.data.DatasetLocator;
import io.quant4j.data.Datasets;
import io.quant4j.data.IdxDatasetSpec;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Normalize;
import io.quant4j.data.RandomCrop;
import io.quant4j.data.RandomHorizontalFlip;
import io.quant4j.data.Split;
import io.quant4j.data.Transform;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.train.OptimizerKind;
import io.quant4j.train.ScheduleKind;
import io.quant4j.train.TrainingParams;
import java.util.List;

/** Turns a bound {@link Recipe} into the objects that run it: loaders, training params, quantization spec. */
public final class RecipeRuntime {
    private final Recipe recipe;

    public RecipeRuntime(Recipe recipe) {
        this.recipe = recipe;
    }

    public Recipe recipe() {
        return recipe;
    }

    private IdxDatasetSpec spec() {
        return "mnist".equals(recipe.datasetParams().dataset()) ? IdxDatasetSpec.MNIST : IdxDatasetSpec.FASHION_MNIST;
    }

    private Normalize normalize() {
        return "mnist".equals(recipe.datasetParams().dataset()) ? Normalize.MNIST : Normalize.FASHION_MNIST;
    }

    private Dataset dataset(Split split, int subset) {
        DatasetParams d = recipe.datasetParams();
        DatasetLocator locator = d.dataDir() == null ? DatasetLocator.defaults()
                : new DatasetLocator(List.of(new DatasetLocator.Root(d.dataDir(), "dataset_params.data_dir", true)), null, null);
        Dataset ds = Datasets.load(spec(), split, locator);
        return subset > 0 && subset < ds.size() ? ds.slice(0, subset) : ds;
    }

    /** The training loader (augmented as the recipe says, seeded with the training seed). */
    public DataLoader trainLoader() {
        DatasetParams d = recipe.datasetParams();
        TransformParams t = d.trainTransforms();
        Transform tf = Transform.identity();
        if (t.randomCropPadding() > 0) {
            tf = tf.andThen(new RandomCrop(t.randomCropPadding()));
        }
        if (t.horizontalFlip()) {
            tf = tf.andThen(new RandomHorizontalFlip());
        }
        tf = tf.andThen(normalize());
        LoaderParams lp = d.trainDataloaderParams();
        return new DataLoader(dataset(Split.TRAIN, d.trainSubset()), LoaderOptions.training(lp.batchSize())
                .withShuffle(lp.shuffle()).withDropLast(lp.dropLast()).withSeed(recipe.trainingHyperparams().seed())
                .withTransform(tf));
    }

    /** The validation loader: the test split, in order, unaugmented. */
    public DataLoader valLoader() {
        DatasetParams d = recipe.datasetParams();
        LoaderParams lp = d.valDataloaderParams();
        return new DataLoader(dataset(Split.TEST, d.valSubset()), LoaderOptions.evaluation(lp.batchSize())
                .withShuffle(lp.shuffle()).withDropLast(lp.dropLast()).withTransform(normalize()));
    }

    /**
     * The calibration loader: {@code calib_dataloader_params} over the training split when given,
     * else the training loader's batch size without augmentation, shuffled when
     * {@code num_calib_batches} is set (SuperGradients' rule).
     */
    public DataLoader calibLoader() {
        DatasetParams d = recipe.datasetParams();
        LoaderParams lp = d.calibDataloaderParams();
        boolean shuffle = lp != null ? lp.shuffle() : recipe.quantizationParams().calibParams().numCalibBatches() != null;
        int batch = lp != null ? lp.batchSize() : d.trainDataloaderParams().batchSize();
        return new DataLoader(dataset(Split.TRAIN, d.trainSubset()), LoaderOptions.evaluation(batch).withShuffle(shuffle)
                .withSeed(recipe.trainingHyperparams().seed()).withTransform(normalize()));
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

    /** How to quantize: the recipe's selective quantizer params and target, no further skips. */
    public QuantizationSpec quantizationSpec() {
        QuantizationRecipe q = recipe.quantizationParams();
        return new QuantizationSpec(q.selectiveQuantizerParams(), List.of(), List.of(), q.target());
    }

    /** How to calibrate: {@code num_calib_batches}, else enough batches for 512 images. */
    public CalibrationParams calibrationParams() {
        return recipe.quantizationParams().calibParams();
    }
}

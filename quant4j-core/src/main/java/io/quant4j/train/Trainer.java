package io.quant4j.train;

import io.quant4j.data.DataLoader;
import io.quant4j.nn.Module;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains a model on a {@link DataLoader} with a {@link TrainingLoss} (default: cross-entropy with
 * the parameters' label smoothing; {@link #loss(TrainingLoss)} sets another, e.g. distillation from
 * a frozen teacher on unlabelled data), validating, checkpointing and reporting as
 * {@link TrainingParams} and these options say.
 *
 * <pre>{@code
 * Module model = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(0));
 * DataLoader train = new DataLoader(Datasets.fashionMnist(Split.TRAIN),
 *         LoaderOptions.training(128).withTransform(Normalize.FASHION_MNIST));
 * DataLoader test = new DataLoader(Datasets.fashionMnist(Split.TEST),
 *         LoaderOptions.evaluation(256).withTransform(Normalize.FASHION_MNIST));
 * TrainingResult r = new Trainer(TrainingParams.baseline()).fit(model, train, test, Path.of("runs/fp32"));
 * }</pre>
 *
 * Per step, inside one {@link io.quant4j.tensor.Scope}: {@code lr = schedule(globalStep)},
 * forward, loss, backward, optimizer step, EMA update; loss and logits are read on the host every
 * {@link #metricsEvery(int)} steps, so a step adds no host synchronisation. After each epoch:
 * validation (EMA weights when on), {@code ckpt_last}, {@code ckpt_best} when top-1 improved, and
 * {@code summary.json} (see {@link Checkpoints}). A non-finite loss stops training with a
 * {@link NonFiniteLossException} naming the step; the last good checkpoint stays.
 *
 * <p>Determinism: {@code params.seed()} seeds the training loader (the loader's own seed is
 * replaced) and, at each epoch start, PyTorch's generator with a value derived from (seed, epoch);
 * a resumed run therefore continues exactly like an uninterrupted one.
 */
public final class Trainer {
    private final TrainingParams params;
    private final List<TrainingCallback> callbacks = new ArrayList<>();
    private ProgressMode progress = ProgressMode.AUTO;
    private PrintStream out = System.out;
    private boolean resume;
    private int metricsEvery = 10;
    private TrainingLoss loss;

    public Trainer(TrainingParams params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    /** {@code new Trainer(params).fit(model, train, val, runDir)} with the default options. */
    public static TrainingResult fit(Module model, DataLoader train, DataLoader val, TrainingParams params, Path runDir) {
        return new Trainer(params).fit(model, train, val, runDir);
    }

    /** Adds a phase callback. */
    public Trainer callback(TrainingCallback cb) {
        callbacks.add(Objects.requireNonNull(cb, "callback"));
        return this;
    }

    /** How progress is shown (default {@link ProgressMode#AUTO}). */
    public Trainer progress(ProgressMode mode) {
        progress = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** Where progress goes (default standard output). */
    public Trainer output(PrintStream stream) {
        out = Objects.requireNonNull(stream, "stream");
        return this;
    }

    /**
     * Resume from the run folder's {@code ckpt_last} when there is one (default false: a run folder
     * that already holds a checkpoint is then an error, so that no run is overwritten by accident).
     */
    public Trainer resume(boolean on) {
        resume = on;
        return this;
    }

    /**
     * What is minimized (default {@link TrainingLoss#crossEntropy(TrainingParams)}). The loss is
     * part of the resume state: a run resumes only with a loss of the same description.
     */
    public Trainer loss(TrainingLoss l) {
        loss = Objects.requireNonNull(l, "loss");
        return this;
    }

    /** Steps between host reads of loss and accuracy (default 10; 1 reads every step). */
    public Trainer metricsEvery(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("expected metricsEvery >= 1, found " + steps);
        }
        metricsEvery = steps;
        return this;
    }

    /** The parameters. */
    public TrainingParams params() {
        return params;
    }

    /**
     * Trains {@code model} on {@code train} for {@code params.epochs()} epochs, validating on
     * {@code val} (may be null: no validation and no {@code ckpt_best}), writing into {@code runDir}.
     */
    public TrainingResult fit(Module model, DataLoader train, DataLoader val, Path runDir) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(runDir, "runDir");
        if (train.batchSize() != params.batchSize()) {
            throw new TrainingParamsException("batch_size", "the training loader's batch size " + train.batchSize()
                    + " differs from training_params.batch_size " + params.batchSize(),
                    "Build the training loader with LoaderOptions.training(params.batchSize()).");
        }
        TrainingLoss l = loss();
        l.check(model, params);
        if (l.needsLabels() && !train.dataset().labelled()) {
            throw new TrainingParamsException("loss", "the loss " + l.toMap().get("kind") + " needs labels: the training data "
                    + train.dataset().name() + " has none", "Train on labelled data, or distill from a teacher (DistillationLoss).");
        }
        return new TrainingRun(this, model, train, val, runDir).run();
    }

    TrainingLoss loss() {
        return loss != null ? loss : TrainingLoss.crossEntropy(params);
    }

    List<TrainingCallback> callbacks() {
        return callbacks;
    }

    ProgressMode progressMode() {
        return progress;
    }

    PrintStream out() {
        return out;
    }

    boolean resumeEnabled() {
        return resume;
    }

    int metricsInterval() {
        return metricsEvery;
    }
}

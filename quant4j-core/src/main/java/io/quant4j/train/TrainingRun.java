package io.quant4j.train;

import com.google.gson.JsonObject;
import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One call of {@link Trainer#fit}: the epoch loop, the step, validation and checkpoints. */
final class TrainingRun {
    private final Trainer trainer;
    private final TrainingParams params;
    private final Module model;
    private final TrainingLoss loss;
    private final DataLoader train;
    private final DataLoader val;
    private final Path runDir;
    private final int stepsPerEpoch;
    private final LrSchedule schedule;
    private final RunSummary summary;
    private final List<EpochMetrics> history = new ArrayList<>();
    private final StepTimes stepTimes = new StepTimes();
    private Optimizer optimizer;
    private ModelEma ema;
    private TrainingContext ctx;
    private long globalStep;
    private int startEpoch;
    private double bestTop1 = Double.NaN;
    private int bestEpoch = -1;
    private long imagesThisCall;
    private long trainNanosThisCall;

    TrainingRun(Trainer trainer, Module model, DataLoader train, DataLoader val, Path runDir) {
        this.trainer = trainer;
        this.params = trainer.params();
        this.model = model;
        this.loss = trainer.loss();
        this.train = new DataLoader(train.dataset(), train.options().withSeed(params.seed()));
        this.val = val;
        this.runDir = runDir;
        int max = params.maxStepsPerEpoch() > 0 ? params.maxStepsPerEpoch() : Integer.MAX_VALUE;
        this.stepsPerEpoch = Math.min(this.train.numBatches(), max);
        this.schedule = LrSchedule.of(params, stepsPerEpoch);
        this.summary = new RunSummary(runDir, params, this.train, val);
    }

    TrainingResult run() {
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + runDir + ": " + e.getMessage(), e);
        }
        optimizer = Optimizers.create(params, model);
        try (StepMetrics metrics = new StepMetrics(loss.needsLabels() ? "acc" : "agree"); Progress progress = Progress.create(trainer.progressMode(), trainer.out())) {
            ema = params.ema() ? new ModelEma(model, params.emaDecay()) : null;
            if (Checkpoints.checkStart(runDir, trainer.resumeEnabled())) {
                ResumeLoader.load(this, Checkpoints.resumeState(runDir));
                progress.line("resumed " + runDir + " after epoch " + startEpoch + " (global step " + globalStep + ")");
            }
            ctx = new TrainingContext(model, optimizer, schedule, params, runDir, stepsPerEpoch);
            trainer.callbacks().forEach(cb -> cb.onTrainStart(ctx));
            boolean stopped = false;
            for (int epoch = startEpoch; epoch < params.epochs() && !stopped; epoch++) {
                EpochMetrics m = epoch(epoch, metrics, progress);
                stopped = m == null || (ctx.stopRequested() && epoch + 1 < params.epochs());
            }
            TrainingResult result = result(stopped);
            summary.write(stopped ? "stopped" : "completed", null, result, history, stepTimes);
            String best = Double.isNaN(result.bestTop1()) ? "no validation"
                    : String.format(Locale.ROOT, "best top1 %.2f%% (epoch %d)", result.bestTop1() * 100, result.bestEpoch() + 1);
            progress.line(String.format(Locale.ROOT, "done: %d epochs, %s, %.0f images/s, median step %.1f ms",
                    result.epochs(), best, result.imagesPerSecond(), result.medianStepMs()));
            trainer.callbacks().forEach(cb -> cb.onTrainEnd(ctx, result));
            return result;
        } catch (NonFiniteLossException e) {
            summary.write("failed", e.getMessage(), result(true), history, stepTimes);
            throw e;
        } finally {
            optimizer.close();
            if (ema != null) {
                ema.close();
            }
        }
    }

    private EpochMetrics epoch(int epoch, StepMetrics metrics, Progress progress) {
        Engines.seed(Seeds.torchSeed(params.seed(), epoch));
        model.train();
        if (params.freezeBatchNorm()) {
            model.namedModules().values().forEach(m -> {
                if (m instanceof io.quant4j.nn.BatchNorm2d bn) {
                    bn.eval();
                }
            });
        }
        trainer.callbacks().forEach(cb -> cb.onEpochStart(ctx, epoch));
        metrics.reset();
        progress.startEpoch(epoch, params.epochs(), stepsPerEpoch);
        long epochNanos = 0;
        long images = 0;
        double lr = Double.NaN;
        try (BatchStream stream = train.epoch(epoch)) {
            for (int b = 0; b < stepsPerEpoch; b++) {
                long t0 = System.nanoTime();
                Batch batch = stream.next();
                lr = schedule.lr(globalStep);
                try (Scope step = Scope.open()) {
                    Tensor logits;
                    TrainingLoss.Value value;
                    try (Autograd.Recording rec = Autograd.record()) {
                        Tensor x = batch.images();
                        logits = model.forward(x);
                        value = loss.compute(logits, x, batch);
                        rec.backward(value.value());
                    }
                    optimizer.step((float) lr);
                    if (ema != null) {
                        ema.update(model);
                    }
                    metrics.add(epoch, b, globalStep, lr, value.value(), logits, loss.needsLabels() ? batch.labelData() : null,
                            value.reference());
                    if (!trainer.callbacks().isEmpty()) {
                        StepInfo info = new StepInfo(epoch, b, globalStep, lr, batch, value.value(), logits);
                        trainer.callbacks().forEach(cb -> cb.onBatchEnd(ctx, info));
                    }
                }
                globalStep++;
                images += batch.size();
                boolean last = b == stepsPerEpoch - 1;
                if (metrics.pending() >= trainer.metricsInterval() || last || ctx.stopRequested()) {
                    StepMetrics.NonFinite bad = metrics.flush();
                    if (bad != null) {
                        throw nonFinite(bad);
                    }
                }
                long dt = System.nanoTime() - t0;
                stepTimes.add(dt);
                epochNanos += dt;
                progress.update(b + 1, metrics.status(images / (epochNanos / 1e9)));
                if (ctx.stopRequested() && !last) {
                    imagesThisCall += images;
                    trainNanosThisCall += epochNanos;
                    progress.endEpoch("stopped in epoch " + (epoch + 1) + " after " + (b + 1) + " steps");
                    return null;
                }
            }
        }
        progress.endSteps();
        imagesThisCall += images;
        trainNanosThisCall += epochNanos;
        EvalResult v = validate(epoch);
        boolean best = v != null && (Double.isNaN(bestTop1) || v.top1() > bestTop1);
        if (best) {
            bestTop1 = v.top1();
            bestEpoch = epoch;
        }
        double seconds = epochNanos / 1e9;
        EpochMetrics m = new EpochMetrics(epoch, globalStep, metrics.meanLoss(), metrics.top1(), lr, seconds, images / seconds, v, best);
        history.add(m);
        checkpoint(epoch, v, best);
        summary.write("running", null, result(false), history, stepTimes);
        progress.endEpoch(epochLine(m));
        trainer.callbacks().forEach(cb -> cb.onEpochEnd(ctx, m));
        return m;
    }

    private EvalResult validate(int epoch) {
        boolean due = (epoch + 1) % params.validationFrequency() == 0 || epoch == params.epochs() - 1;
        if (val == null || !due) {
            return null;
        }
        EvalResult r = ema != null ? ema.withAveragedWeights(model, () -> Evaluator.evaluate(model, val)) : Evaluator.evaluate(model, val);
        trainer.callbacks().forEach(cb -> cb.onValidationEnd(ctx, epoch, r));
        return r;
    }

    private void checkpoint(int epoch, EvalResult v, boolean best) {
        JsonObject state = TrainState.build(this, epoch + 1, v);
        try (Scope s = Scope.open()) {
            Map<String, Tensor> weights = ema != null ? ema.state() : model.stateTensors();
            Checkpoints.writeLast(runDir, model.stateTensors(), optimizer.state(), ema != null ? ema.state() : Map.of(), weights, state);
            if (best) {
                Checkpoints.writeBest(runDir, weights, state);
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot write the checkpoint of epoch " + (epoch + 1) + ": " + e.getMessage(),
                    runDir.toString(), "Check free disk space and permissions.", e);
        }
    }

    private NonFiniteLossException nonFinite(StepMetrics.NonFinite bad) {
        Path last = Checkpoints.weights(runDir, Checkpoints.LAST);
        String lastGood = Files.exists(Checkpoints.resumeState(runDir))
                ? last + " (after epoch " + (history.isEmpty() ? startEpoch : history.get(history.size() - 1).epoch() + 1) + ")"
                : null;
        return new NonFiniteLossException(bad.epoch(), bad.batch(), bad.step(), bad.loss(), bad.lr(), runDir.toString(), lastGood);
    }

    private String epochLine(EpochMetrics m) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d: train loss "
                + (loss.needsLabels() ? "%.4f" : "%.4g"), m.epoch() + 1, params.epochs(), m.trainLoss()));
        if (!Double.isNaN(m.trainTop1())) {
            sb.append(String.format(Locale.ROOT, " %s %.2f%%", loss.needsLabels() ? "acc" : "agree", m.trainTop1() * 100));
        }
        if (m.validation() != null) {
            sb.append(String.format(Locale.ROOT, " | val top1 %.2f%% top5 %.2f%%%s", m.validation().top1() * 100,
                    m.validation().top5() * 100, m.best() ? " (best)" : ""));
        }
        sb.append(String.format(Locale.ROOT, " | %.0f img/s, %.1f s, lr %.3g", m.imagesPerSecond(), m.trainSeconds(), m.lastLr()));
        return sb.toString();
    }

    private TrainingResult result(boolean stopped) {
        EvalResult lastVal = null;
        for (EpochMetrics m : history) {
            if (m.validation() != null) {
                lastVal = m.validation();
            }
        }
        return new TrainingResult(lastVal == null ? Double.NaN : lastVal.top1(), lastVal == null ? Double.NaN : lastVal.top5(),
                bestTop1, bestEpoch, history.isEmpty() ? startEpoch : history.get(history.size() - 1).epoch() + 1,
                trainNanosThisCall == 0 ? Double.NaN : imagesThisCall / (trainNanosThisCall / 1e9), stepTimes.medianMs(),
                runDir, startEpoch, stopped, history);
    }

    // ---------------------------------------------------------------- state access for TrainState / ResumeLoader

    TrainingParams params() {
        return params;
    }

    Module model() {
        return model;
    }

    TrainingLoss loss() {
        return loss;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    ModelEma ema() {
        return ema;
    }

    LrSchedule schedule() {
        return schedule;
    }

    int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    long globalStep() {
        return globalStep;
    }

    double bestTop1() {
        return bestTop1;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    List<EpochMetrics> history() {
        return history;
    }

    /** Sets the position reached by a resumed run. */
    void resumeAt(int epochsCompleted, long step, double best, int bestAt, List<EpochMetrics> earlier) {
        startEpoch = epochsCompleted;
        globalStep = step;
        bestTop1 = best;
        bestEpoch = bestAt;
        history.clear();
        history.addAll(earlier);
    }

    static void loadModel(Module model, Map<String, Tensor> values, Path file) {
        StateDict.load(model, values, true, file + " (model/)");
    }
}

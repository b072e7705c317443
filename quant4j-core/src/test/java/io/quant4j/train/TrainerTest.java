package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.quant4j.data.DataLoader;
import io.quant4j.data.Dataset;
import io.quant4j.data.LoaderOptions;
import io.quant4j.io.SafeTensors;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import io.quant4j.tensor.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path tmp;

    static final Dataset TRAIN = Synthetic.make(512, 12, 1);
    static final Dataset VAL = Synthetic.make(128, 12, 2);

    static Module model() {
        return Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(0));
    }

    static TrainingParams.Builder small() {
        return TrainingParams.builder().epochs(3).batchSize(32).lr(0.05);
    }

    static DataLoader train(int batch) {
        return new DataLoader(TRAIN, LoaderOptions.training(batch));
    }

    static DataLoader val() {
        return new DataLoader(VAL, LoaderOptions.evaluation(64));
    }

    static float[] weights(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        try (Scope s = Scope.open()) {
            List<Float> all = new ArrayList<>();
            c.tensors().forEach((k, e) -> {
                if (!k.endsWith("num_batches_tracked")) {
                    for (float v : e.toTensor().toFloatArray()) {
                        all.add(v);
                    }
                }
            });
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void fitLearnsWritesCheckpointsAndCallsPhasesInOrder() throws IOException {
        List<String> events = new ArrayList<>();
        TrainingCallback cb = new TrainingCallback() {
            public void onTrainStart(TrainingContext c) { events.add("start"); }
            public void onEpochStart(TrainingContext c, int e) { events.add("epoch" + e); }
            public void onBatchEnd(TrainingContext c, StepInfo s) {
                if (s.batch() == 0) {
                    events.add("batch" + s.epoch() + "." + s.globalStep() + "@" + s.logits().shape()[1]);
                }
            }
            public void onValidationEnd(TrainingContext c, int e, EvalResult r) { events.add("val" + e); }
            public void onEpochEnd(TrainingContext c, EpochMetrics m) { events.add("end" + m.epoch()); }
            public void onTrainEnd(TrainingContext c, TrainingResult r) { events.add("done"); }
        };
        Module m = model();
        Path run = tmp.resolve("run");
        TrainingResult r = new Trainer(small().build()).progress(ProgressMode.NONE).callback(cb).fit(m, train(32), val(), run);
        assertThat(events).containsExactly("start", "epoch0", "batch0.0@10", "val0", "end0", "epoch1", "batch1.16@10", "val1", "end1",
                "epoch2", "batch2.32@10", "val2", "end2", "done");
        assertThat(r.epochs()).isEqualTo(3);
        assertThat(r.history()).hasSize(3);
        assertThat(r.finalTop1()).isGreaterThan(0.5);
        assertThat(r.bestTop1()).isGreaterThanOrEqualTo(r.finalTop1());
        assertThat(r.history().get(2).trainLoss()).isLessThan(r.history().get(0).trainLoss());
        assertThat(r.imagesPerSecond()).isPositive();
        assertThat(r.medianStepMs()).isPositive();
        assertThat(r.history().get(2).lastLr()).isEqualTo(new LrSchedule.Cosine(0.05, 0, 48, 1).lr(47));

        for (String f : List.of("ckpt_last.safetensors", "ckpt_last.state.safetensors", "ckpt_last.json", "ckpt_best.safetensors",
                "ckpt_best.json", "summary.json")) {
            assertThat(run.resolve(f)).exists();
        }
        try (Module fresh = model()) {
            StateDict.load(fresh, Checkpoints.weights(run, Checkpoints.LAST), true);
            EvalResult again = Evaluator.evaluate(fresh, val());
            assertThat(again.top1()).isEqualTo(r.finalTop1());
        }
        JsonObject summary = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
        assertThat(summary.get("status").getAsString()).isEqualTo("completed");
        assertThat(summary.getAsJsonArray("history")).hasSize(3);
        assertThat(summary.getAsJsonObject("params").get("batch_size").getAsInt()).isEqualTo(32);
        JsonObject last = JsonParser.parseString(Files.readString(Checkpoints.json(run, Checkpoints.LAST))).getAsJsonObject();
        assertThat(last.get("epochs_completed").getAsInt()).isEqualTo(3);
        assertThat(last.get("global_step").getAsInt()).isEqualTo(48);
        assertThat(last.getAsJsonObject("optimizer").get("kind").getAsString()).isEqualTo("sgd");
        assertThat(last.getAsJsonObject("scheduler").get("total_steps").getAsInt()).isEqualTo(48);
        Checkpoints.Info info = Checkpoints.read(run).orElseThrow();
        assertThat(info.epochsCompleted()).isEqualTo(3);
        assertThat(info.bestTop1()).isEqualTo(r.bestTop1());
        try (Scope s = Scope.open()) {
            Checkpoints.Resume res = Checkpoints.readResume(run);
            assertThat(res.optimizer()).containsKey("layer1.0.conv1.weight.momentum_buffer");
            assertThat(res.model()).containsKey("bn1.num_batches_tracked");
            assertThat(res.model().get("bn1.num_batches_tracked").toLongArray()).containsExactly(48L);
        }
        m.close();
    }

    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() throws IOException {
        TrainingParams p = small().epochs(1).build();
        Trainer t = new Trainer(p).progress(ProgressMode.NONE);
        t.fit(model(), train(32), null, tmp.resolve("a"));
        t.fit(model(), train(32), null, tmp.resolve("b"));
        new Trainer(p.toBuilder().seed(1).build()).progress(ProgressMode.NONE).fit(model(), train(32), null, tmp.resolve("c"));
        float[] a = weights(Checkpoints.weights(tmp.resolve("a"), "ckpt_last"));
        assertThat(maxAbsDiff(a, weights(Checkpoints.weights(tmp.resolve("b"), "ckpt_last")))).isZero();
        assertThat(maxAbsDiff(a, weights(Checkpoints.weights(tmp.resolve("c"), "ckpt_last")))).isGreaterThan(1e-4);
        assertThat(tmp.resolve("a").resolve("ckpt_best.safetensors")).doesNotExist();
    }

    @Test
    void stoppedRunResumesBitForBit() throws IOException {
        TrainingParams p = small().build();
        TrainingResult straight = new Trainer(p).progress(ProgressMode.NONE).fit(model(), train(32), val(), tmp.resolve("straight"));

        Path run = tmp.resolve("resumed");
        TrainingResult stopped = new Trainer(p).progress(ProgressMode.NONE).callback(new TrainingCallback() {
            public void onBatchEnd(TrainingContext c, StepInfo s) {
                if (s.epoch() == 1 && s.batch() == 3) {
                    c.requestStop();
                }
            }
        }).fit(model(), train(32), val(), run);
        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped.epochs()).isEqualTo(1);
        assertThat(Checkpoints.read(run).orElseThrow().epochsCompleted()).isEqualTo(1);

        TrainingResult resumed = new Trainer(p).progress(ProgressMode.NONE).resume(true).fit(model(), train(32), val(), run);
        assertThat(resumed.resumedFrom()).isEqualTo(1);
        assertThat(resumed.epochs()).isEqualTo(3);
        assertThat(resumed.history()).extracting(EpochMetrics::epoch).containsExactly(0, 1, 2);
        assertSameRunState(tmp.resolve("straight"), run);
        assertThat(learningMetrics(resumed.history())).isEqualTo(learningMetrics(straight.history()));
    }

    /**
     * Asserts that two run folders hold bit-identical resume states: every model, optimizer and
     * EMA tensor byte for byte, and the same plain {@code ckpt_last} weights.
     */
    static void assertSameRunState(Path expected, Path actual) throws IOException {
        for (Path f : List.of(Checkpoints.resumeState(expected), Checkpoints.weights(expected, Checkpoints.LAST))) {
            Path g = actual.resolve(f.getFileName());
            Map<String, SafeTensors.Entry> a = SafeTensors.read(f).tensors();
            Map<String, SafeTensors.Entry> b = SafeTensors.read(g).tensors();
            assertThat(b.keySet()).as("tensors of %s", g).containsExactlyElementsOf(a.keySet());
            a.forEach((k, e) -> assertThat(b.get(k).data()).as("%s in %s", k, g).isEqualTo(e.data()));
        }
    }

    /** What training computed per epoch (no timings): loss, accuracy, learning rate, validation. */
    static List<List<Object>> learningMetrics(List<EpochMetrics> history) {
        return history.stream().map(m -> List.<Object>of(m.epoch(), m.globalStep(), m.trainLoss(), m.trainTop1(), m.lastLr(),
                m.validation() == null ? "none" : List.of(m.validation().top1(), m.validation().top5(), m.validation().loss()),
                m.best())).toList();
    }

    @Test
    void existingCheckpointNeedsResumeAndTheSameParams() {
        Path run = tmp.resolve("run");
        TrainingParams p = small().epochs(1).build();
        new Trainer(p).progress(ProgressMode.NONE).fit(model(), train(32), null, run);
        assertThatThrownBy(() -> new Trainer(p).progress(ProgressMode.NONE).fit(model(), train(32), null, run))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("already holds a checkpoint");
        TrainingParams other = p.toBuilder().lr(0.2).epochs(2).build();
        assertThatThrownBy(() -> new Trainer(other).progress(ProgressMode.NONE).resume(true).fit(model(), train(32), null, run))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("lr: checkpoint 0.05, now 0.2")
                .hasMessageContaining("epochs: checkpoint 1, now 2");
        assertThatThrownBy(() -> new Trainer(p).fit(model(), train(16), null, tmp.resolve("x")))
                .isInstanceOf(TrainingParamsException.class)
                .hasMessageContaining("batch size 16");
    }

    @Test
    void nonFiniteLossStopsAtTheStepAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path run = tmp.resolve("nan");
        TrainingParams p = small().schedule(ScheduleKind.STEP).stepSize(1).gamma(1e30).lr(0.05).build();
        assertThatThrownBy(() -> new Trainer(p).progress(ProgressMode.NONE).metricsEvery(4).fit(model(), train(32), val(), run))
                .isInstanceOfSatisfying(NonFiniteLossException.class, e -> {
                    assertThat(e.epoch()).isEqualTo(1);
                    assertThat(e.globalStep()).isEqualTo(16L + e.batch());
                })
                .hasMessageContaining("at epoch 2, batch ")
                .hasMessageContaining("expected a finite loss")
                .hasMessageContaining("The last good checkpoint is kept: " + Checkpoints.weights(run, "ckpt_last") + " (after epoch 1)");
        assertThat(Checkpoints.read(run).orElseThrow().epochsCompleted()).isEqualTo(1);
        float[] w = weights(Checkpoints.weights(run, "ckpt_last"));
        for (float v : w) {
            assertThat(v).isFinite();
        }
        JsonObject summary = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
        assertThat(summary.get("status").getAsString()).isEqualTo("failed");
        assertThat(summary.get("error").getAsString()).contains("training loss became");
    }

    @Test
    void emaLabelSmoothingAdamWWarmupAndSparseValidation() throws IOException {
        Path run = tmp.resolve("ema");
        TrainingParams p = small().optimizer(OptimizerKind.ADAMW).lr(0.003).weightDecay(0.01).decayAll(false).warmupSteps(4)
                .labelSmoothing(0.1).ema(true).emaDecay(0.9).validationFrequency(2).maxStepsPerEpoch(5).build();
        TrainingResult r = new Trainer(p).progress(ProgressMode.NONE).fit(model(), train(32), val(), run);
        assertThat(r.history()).extracting(m -> m.validation() != null).containsExactly(false, true, true);
        assertThat(r.history().get(2).globalStep()).isEqualTo(15);
        float[] plain = weights(Checkpoints.weights(run, "ckpt_last"));
        try (Scope s = Scope.open(); Module averaged = model()) {
            Checkpoints.Resume res = Checkpoints.readResume(run);
            // the final accuracy is the averaged weights' (the EMA's, saved with the run)
            StateDict.load(averaged, res.ema(), true, "EMA state");
            assertThat(r.finalTop1()).isEqualTo(Evaluator.evaluate(averaged, val()).top1());
            assertThat(res.optimizer()).containsKeys("fc.weight.exp_avg", "fc.weight.exp_avg_sq", "fc.weight.step");
            assertThat(res.optimizer().get("fc.weight.step").item()).isEqualTo(15f);
            assertThat(res.ema().keySet()).isEqualTo(res.model().keySet());
            float[] ema = res.ema().entrySet().stream().filter(e -> !e.getKey().endsWith("num_batches_tracked"))
                    .map(e -> e.getValue().toFloatArray()).reduce(new float[0], TrainerTest::concat);
            float[] raw = res.model().entrySet().stream().filter(e -> !e.getKey().endsWith("num_batches_tracked"))
                    .map(e -> e.getValue().toFloatArray()).reduce(new float[0], TrainerTest::concat);
            assertThat(maxAbsDiff(plain, ema)).isZero();
            assertThat(maxAbsDiff(plain, raw)).isGreaterThan(1e-6);
        }
    }

    static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void progressWithoutATerminalIsWholeLinesAtEachTenthOfAnEpoch() {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        new Trainer(small().epochs(2).build()).progress(ProgressMode.AUTO).output(new java.io.PrintStream(bos, true))
                .fit(model(), train(32), val(), tmp.resolve("log"));
        String text = bos.toString();
        assertThat(text).doesNotContain("\r").endsWith("\n");
        List<String> lines = List.of(text.split("\n"));
        java.util.regex.Pattern step = java.util.regex.Pattern.compile("epoch (\\d)/2: (\\d+)/16 steps \\(\\d+%\\) after .*");
        for (int e = 1; e <= 2; e++) {
            int epoch = e;
            // 16 steps: a line where step * 10 / 16 reaches a further tenth (a 30 s line may come in between)
            assertThat(lines.stream().map(step::matcher).filter(m -> m.matches() && m.group(1).equals("" + epoch))
                    .map(m -> Integer.parseInt(m.group(2)))).contains(2, 4, 5, 7, 8, 10, 12, 13, 15).doesNotContain(16);
        }
        // loss and accuracy are read every 10 steps (metricsEvery): before the first read only images/s, never "NaN"
        assertThat(lines).noneMatch(l -> l.contains("NaN"));
        assertThat(lines).anyMatch(l -> l.matches("epoch 1/2: 2/16 steps \\(12%\\) after .* s, \\d+ img/s"));
        assertThat(lines).anyMatch(l -> l.matches("epoch 1/2: 12/16 steps \\(75%\\) after .* s, loss .* acc .* img/s"));
        List<String> others = lines.stream().filter(l -> !step.matcher(l).matches()).toList();
        assertThat(others).hasSize(5);
        assertThat(others.get(0)).startsWith("epoch 1/2 finished: 16/16 steps (100%) in ").contains("img/s");
        assertThat(others.get(1)).startsWith("epoch 1/2: train loss").contains("val top1").contains("img/s");
        assertThat(others.get(2)).startsWith("epoch 2/2 finished: 16/16 steps (100%) in ");
        assertThat(others.get(3)).startsWith("epoch 2/2: train loss");
        assertThat(others.get(4)).startsWith("done: 2 epochs");
    }

    @Test
    void evaluatorCountsAndRestoresModes() {
        Module m = model();
        m.train();
        m.get("layer1").eval();
        EvalResult r = Evaluator.evaluate(m, val());
        assertThat(r.examples()).isEqualTo(128);
        assertThat(r.top5()).isGreaterThanOrEqualTo(r.top1());
        assertThat(m.isTraining()).isTrue();
        assertThat(m.get("layer1").isTraining()).isFalse();
        assertThat(m.get("layer1.0.conv1").isTraining()).isFalse();
        assertThat(m.get("layer2").isTraining()).isTrue();
        m.close();
    }
}

package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.data.DataLoader;
import io.quant4j.data.Dataset;
import io.quant4j.data.DatasetLocator;
import io.quant4j.data.DatasetNotFoundException;
import io.quant4j.data.Datasets;
import io.quant4j.data.IdxDatasetSpec;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Normalize;
import io.quant4j.data.Split;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.EvalMode;
import io.quant4j.nn.Module;
import io.quant4j.nn.Parameter;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distillation through {@link Trainer}: a perturbed copy of the pretrained resnet_fmnist learns its
 * outputs back from unlabelled Fashion-MNIST images, the teacher stays bit-identical (parameters and BatchNorm statistics, though
 * it was left in train mode), and an interrupted run resumes to the same state.
 */
class DistillationTrainingTest {
    @TempDir
    Path tmp;

    static Dataset images;
    static Dataset heldOut;

    @BeforeAll
    static void fashionMnist() {
        try {
            DatasetLocator at = new DatasetLocator(DatasetLocator.defaults().roots(), null, null);
            images = new Unlabelled(Datasets.load(IdxDatasetSpec.FASHION_MNIST, Split.TRAIN, at).slice(0, 96));
            heldOut = Datasets.load(IdxDatasetSpec.FASHION_MNIST, Split.TEST, at).slice(0, 64);
        } catch (DatasetNotFoundException e) {
            Assumptions.abort("Fashion-MNIST is not available here: " + e.getMessage());
        }
    }

    static DataLoader training() {
        return new DataLoader(images, LoaderOptions.training(16).withTransform(Normalize.FASHION_MNIST));
    }

    static TrainingParams params(int epochs) {
        return TrainingParams.builder().epochs(epochs).batchSize(16).optimizer(OptimizerKind.ADAM).lr(1e-4).weightDecay(0)
                .freezeBatchNorm(true).build();
    }

    static Module teacher() {
        return Models.get("resnet_fmnist", ModelOptions.pretrainedWeights());
    }

    /** A copy of the teacher with every parameter scaled by 1.02: a student that must learn back. */
    static Module student(Module teacher) {
        Module s = teacher.deepCopy();
        try (Scope sc = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            for (Parameter p : s.namedParameters().values()) {
                Tensor v = p.value();
                v.ndArray().muli(1.02f);
            }
        }
        return s;
    }

    static Map<String, float[]> state(Module m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Scope s = Scope.open()) {
            m.stateTensors().forEach((k, t) -> out.put(k, t.toType(ai.djl.ndarray.types.DataType.FLOAT32).toFloatArray()));
        }
        return out;
    }

    /** Mean squared difference of the two models' logits on the held-out images. */
    static double gap(Module student, Module teacher) {
        DataLoader l = new DataLoader(heldOut, LoaderOptions.evaluation(64).withTransform(Normalize.FASHION_MNIST));
        try (var stream = l.epoch(0); Scope s = Scope.open()) {
            Tensor x = stream.next().images();
            Tensor a = EvalMode.run(student, () -> student.forward(x));
            Tensor b = EvalMode.run(teacher, () -> teacher.forward(x));
            return a.sub(b).square().mean().item();
        }
    }

    @Test
    void studentLearnsTheTeachersOutputsFromUnlabelledImagesAndTheTeacherIsNeverUpdated() {
        try (Module teacher = teacher(); Module student = student(teacher)) {
            teacher.train(); // a careless caller: BatchNorm would update its statistics in train mode
            Map<String, float[]> before = state(teacher);
            double gapBefore = gap(student, teacher);
            TrainingResult r = new Trainer(params(2)).progress(ProgressMode.NONE)
                    .loss(DistillationLoss.mse(teacher))
                    .fit(student, training(), null, tmp.resolve("run"));
            double gapAfter = gap(student, teacher);
            System.out.printf("logit MSE to the teacher: %.5f before, %.5f after %d steps%n", gapBefore, gapAfter, 2 * 6);
            assertThat(gapAfter).isLessThan(0.5 * gapBefore);
            assertThat(r.history()).hasSize(2);
            assertThat(r.history().get(1).trainLoss()).isLessThan(r.history().get(0).trainLoss());
            assertThat(r.history().get(1).trainTop1()).isBetween(0.5, 1.0); // top-1 agreement with the teacher
            Map<String, float[]> after = state(teacher);
            assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
            before.forEach((k, v) -> assertThat(after.get(k)).as(k).containsExactly(v));
            assertThat(teacher.isTraining()).isTrue();
            assertThat(teacher.get("layer1.0.bn1").isTraining()).isTrue();
        }
    }

    @Test
    void interruptedDistillationResumesBitForBit() throws IOException {
        try (Module teacher = teacher()) {
            TrainingLoss kl = new DistillationLoss(teacher, new Divergence.KlDivergence(2, false));
            try (Module s = student(teacher)) {
                new Trainer(params(2)).progress(ProgressMode.NONE).loss(kl)
                        .fit(s, training(), null, tmp.resolve("straight"));
            }
            Path run = tmp.resolve("resumed");
            try (Module s = student(teacher)) {
                TrainingResult stopped = new Trainer(params(2)).progress(ProgressMode.NONE).loss(kl).callback(new TrainingCallback() {
                    @Override
                    public void onBatchEnd(TrainingContext c, StepInfo info) {
                        if (info.epoch() == 1 && info.batch() == 2) {
                            c.requestStop();
                        }
                    }
                }).fit(s, training(), null, run);
                assertThat(stopped.stopped()).isTrue();
                assertThat(stopped.epochs()).isEqualTo(1);
            }
            try (Module s = student(teacher)) {
                TrainingLoss mse = DistillationLoss.mse(teacher);
                assertThatThrownBy(() -> new Trainer(params(2)).progress(ProgressMode.NONE).loss(mse).resume(true)
                        .fit(s, training(), null, run))
                        .isInstanceOf(CheckpointException.class).hasMessageContaining("another loss");
            }
            try (Module s = student(teacher)) {
                TrainingResult resumed = new Trainer(params(2)).progress(ProgressMode.NONE).loss(kl).resume(true)
                        .fit(s, training(), null, run);
                assertThat(resumed.resumedFrom()).isEqualTo(1);
                assertThat(resumed.epochs()).isEqualTo(2);
            }
            TrainerTest.assertSameRunState(tmp.resolve("straight"), run);
        }
    }

    @Test
    void labelsAreNeededOnlyForCrossEntropyAndTheTeacherMustBeAnotherModel() {
        try (Module teacher = teacher()) {
            DataLoader unlabelled = training();
            assertThatThrownBy(() -> new Trainer(params(1)).progress(ProgressMode.NONE).fit(teacher, unlabelled, null, tmp.resolve("a")))
                    .isInstanceOf(TrainingParamsException.class).hasMessageContaining("needs labels");
            assertThatThrownBy(() -> new Trainer(params(1)).progress(ProgressMode.NONE).loss(DistillationLoss.mse(teacher))
                    .fit(teacher, unlabelled, null, tmp.resolve("b")))
                    .isInstanceOf(TrainingParamsException.class).hasMessageContaining("teacher is the model being trained");
            TrainingParams smoothed = params(1).toBuilder().labelSmoothing(0.1).build();
            try (Module s = student(teacher)) {
                assertThatThrownBy(() -> new Trainer(smoothed).progress(ProgressMode.NONE).loss(DistillationLoss.mse(teacher))
                        .fit(s, unlabelled, null, tmp.resolve("c")))
                        .isInstanceOf(TrainingParamsException.class).hasMessageContaining("label smoothing");
            }
        }
    }
}

package io.quant4j.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.quantization.target.QuantTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each knob of QATRecipeModificationCallback, as SuperGradients' modify_params_for_qat. */
class QatRecipeModificationTest {
    private static Recipe base(boolean learnAmax, int epochs, Double warmupInitialLr, boolean ema, List<String> callbacks,
                               boolean augment) {
        Recipe d = Recipe.defaults();
        TrainingHyperparams t = d.trainingHyperparams();
        TrainingHyperparams tt = new TrainingHyperparams(epochs, "sgd", t.optimizerParams(), false, 0.1, "step", 0.0, true,
                30, 0.1, 0.0, "linear_epoch", warmupInitialLr, 0.0, ema, 0.999, 0L, 0, callbacks, false, null);
        QuantizationRecipe q = d.quantizationParams();
        QuantizationRecipe qq = new QuantizationRecipe(false, QuantTarget.TENSORRT,
                q.selectiveQuantizerParams().withLearnAmax(learnAmax), q.calibParams(), List.of(), null, q.exportParams());
        DatasetParams ds = d.datasetParams().withTrainTransforms(new TransformParams(augment ? 4 : 0, augment, false));
        return new Recipe(1, "x", d.runRoot(), d.model(), ds, tt, qq, List.of());
    }

    @Test
    void epochsLrWeightDecayWarmupAndSchedule() {
        Recipe r = QatRecipeModification.apply(base(false, 35, null, false, List.of(), false), QatModificationParams.defaults()).recipe();
        TrainingHyperparams t = r.trainingHyperparams();
        assertThat(t.maxEpochs()).isEqualTo(3);
        assertThat(t.initialLr()).isEqualTo(0.1 * 0.01);
        assertThat(t.warmupInitialLr()).isEqualTo(0.1 * 0.01 * 0.01);
        assertThat(t.optimizerParams().weightDecay()).isEqualTo(5e-4 * 0.01);
        assertThat(t.lrMode()).isEqualTo("cosine");
        assertThat(t.cosineFinalLrRatio()).isEqualTo(0.01);
        assertThat(t.lrWarmupEpochs()).isEqualTo(1.0);
        // batch sizes unchanged without learn_amax
        assertThat(r.datasetParams().trainDataloaderParams().batchSize()).isEqualTo(128);
        assertThat(r.preLaunchCallbacks()).isEmpty();
    }

    @Test
    void shortRecipesKeepOneEpochAndWarmupDivides() {
        TrainingHyperparams t = QatRecipeModification.apply(base(false, 3, 0.5, false, List.of(), false),
                QatModificationParams.defaults()).recipe().trainingHyperparams();
        assertThat(t.maxEpochs()).isEqualTo(1);
        assertThat(t.warmupInitialLr()).isEqualTo(0.5 * 0.01);
        TrainingHyperparams t2 = QatRecipeModification.apply(base(false, 400, null, false, List.of(), false),
                QatModificationParams.defaults()).recipe().trainingHyperparams();
        assertThat(t2.maxEpochs()).isEqualTo(40);
        assertThat(t2.lrWarmupEpochs()).isEqualTo(4.0);
    }

    @Test
    void learnAmaxHalvesBatchSizes() {
        Recipe r = QatRecipeModification.apply(base(true, 10, null, false, List.of(), false), QatModificationParams.defaults()).recipe();
        assertThat(r.datasetParams().trainDataloaderParams().batchSize()).isEqualTo(64);
        assertThat(r.datasetParams().valDataloaderParams().batchSize()).isEqualTo(128);
    }

    @Test
    void emaCallbacksAndAugmentations() {
        QatModificationParams keep = new QatModificationParams(2, 10, 0.01, 10, 0.01, false, true);
        Recipe r = QatRecipeModification.apply(base(false, 10, null, true, List.of("lr_logger"), true), keep).recipe();
        assertThat(r.trainingHyperparams().ema()).isFalse();
        assertThat(r.trainingHyperparams().phaseCallbacks()).containsExactly("lr_logger");
        assertThat(r.datasetParams().trainTransforms().any()).isFalse();
        Recipe r2 = QatRecipeModification.apply(base(false, 10, null, true, List.of("lr_logger"), true),
                QatModificationParams.defaults()).recipe();
        assertThat(r2.trainingHyperparams().phaseCallbacks()).isEmpty();
        assertThat(r2.datasetParams().trainTransforms().any()).isTrue();
    }
}

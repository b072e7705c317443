package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    private static final double EPS = 1e-12;

    @Test
    void baselineIsPerStepCosineFromPointOneToZero() {
        LrSchedule s = LrSchedule.of(TrainingParams.baseline(), 469);
        assertThat(s).isEqualTo(new LrSchedule.Cosine(0.1, 0.0, 1407, 1));
        assertThat(s.lr(0)).isCloseTo(0.1, within(EPS));
        assertThat(s.lr(469)).isCloseTo(0.075, within(EPS));     // cos(pi/3) = 0.5
        assertThat(s.lr(938)).isCloseTo(0.025, within(EPS));     // cos(2pi/3) = -0.5
        assertThat(s.lr(1)).isCloseTo(0.05 * (1 + Math.cos(Math.PI / 1407)), within(EPS));
        assertThat(s.lr(1406)).isCloseTo(0.05 * (1 - Math.cos(Math.PI / 1407)), within(EPS)).isPositive();
        assertThat(s.lr(1407)).isCloseTo(0.0, within(EPS));
    }

    @Test
    void cosineHalfwayAndFinalRatio() {
        LrSchedule s = new LrSchedule.Cosine(0.2, 0.02, 1000, 1);
        assertThat(s.lr(500)).isCloseTo(0.11, within(EPS));
        assertThat(s.lr(1000)).isCloseTo(0.02, within(EPS));
        LrSchedule p = LrSchedule.of(TrainingParams.builder().epochs(2).lr(0.2).finalLrRatio(0.1).build(), 500);
        assertThat(p.lr(500)).isCloseTo(0.11, within(EPS));
    }

    @Test
    void perEpochCosineIsConstantWithinAnEpoch() {
        LrSchedule s = LrSchedule.of(TrainingParams.builder().epochs(3).schedulePerStep(false).build(), 10);
        assertThat(s).isEqualTo(new LrSchedule.Cosine(0.1, 0.0, 30, 10));
        assertThat(s.lr(0)).isCloseTo(0.1, within(EPS));
        assertThat(s.lr(9)).isCloseTo(0.1, within(EPS));
        assertThat(s.lr(10)).isCloseTo(0.075, within(EPS));
        assertThat(s.lr(29)).isCloseTo(0.025, within(EPS));
    }

    @Test
    void stepDecayCountsEpochs() {
        LrSchedule s = LrSchedule.of(TrainingParams.builder().epochs(12).schedule(ScheduleKind.STEP).stepSize(5).gamma(0.1).build(), 7);
        assertThat(s.lr(34)).isCloseTo(0.1, within(EPS));
        assertThat(s.lr(35)).isCloseTo(0.01, within(EPS));
        assertThat(s.lr(70)).isCloseTo(0.001, within(1e-15));
        assertThat(LrSchedule.of(TrainingParams.builder().schedule(ScheduleKind.CONSTANT).lr(0.3).build(), 5).lr(14)).isEqualTo(0.3);
    }

    @Test
    void linearWarmupThenTheMainSchedule() {
        LrSchedule s = new LrSchedule.Warmup(0.1, 4, new LrSchedule.Cosine(0.1, 0.0, 8, 1));
        assertThat(s.lr(0)).isCloseTo(0.025, within(EPS));
        assertThat(s.lr(1)).isCloseTo(0.05, within(EPS));
        assertThat(s.lr(3)).isCloseTo(0.1, within(EPS));
        assertThat(s.lr(4)).isCloseTo(0.1, within(EPS));
        assertThat(s.lr(8)).isCloseTo(0.05, within(EPS));
        assertThat(s.lr(12)).isCloseTo(0.0, within(EPS));
        assertThat(s.kind()).isEqualTo("warmup+cosine");
        LrSchedule fromEpochs = LrSchedule.of(TrainingParams.builder().epochs(2).warmupEpochs(0.5).build(), 10);
        assertThat(fromEpochs).isEqualTo(new LrSchedule.Warmup(0.1, 5, new LrSchedule.Cosine(0.1, 0.0, 15, 1)));
        LrSchedule fromSteps = LrSchedule.of(TrainingParams.builder().epochs(2).warmupSteps(3).build(), 10);
        assertThat(fromSteps.lr(2)).isCloseTo(0.1, within(EPS));
    }

    @Test
    void invalidParamsNameTheField() {
        assertThatThrownBy(() -> TrainingParams.builder().lr(-1).build())
                .isInstanceOfSatisfying(TrainingParamsException.class, e -> assertThat(e.field()).isEqualTo("lr"))
                .hasMessageContaining("training_params.lr")
                .hasMessageContaining("found -1.0");
        assertThatThrownBy(() -> TrainingParams.builder().warmupEpochs(1).warmupSteps(5).build())
                .isInstanceOfSatisfying(TrainingParamsException.class, e -> assertThat(e.field()).isEqualTo("warmup_steps"));
        assertThatThrownBy(() -> TrainingParams.builder().labelSmoothing(1).build()).hasMessageContaining("label_smoothing");
        assertThatThrownBy(() -> TrainingParams.builder().momentum(0).nesterov(true).build()).hasMessageContaining("nesterov");
        assertThatThrownBy(() -> TrainingParams.builder().ema(true).emaDecay(1).build()).hasMessageContaining("ema_decay");
        assertThatThrownBy(() -> TrainingParams.builder().betas(0.9, 1.0).build()).hasMessageContaining("betas");
        assertThatThrownBy(() -> OptimizerKind.parse("rmsprop")).hasMessageContaining("[sgd, adam, adamw, lamb]");
        assertThat(ScheduleKind.parse(" Cosine ")).isEqualTo(ScheduleKind.COSINE);
        assertThatThrownBy(() -> LrSchedule.of(TrainingParams.builder().epochs(1).warmupSteps(11).build(), 10))
                .hasMessageContaining("at most as many warmup steps");
    }

    @Test
    void warmupFromAnInitialRateCanFillTheWholeRun() {
        // SuperGradients' QAT of a short recipe: 1 epoch that is all warmup, per step from 1e-5 to 1e-3
        LrSchedule s = LrSchedule.of(TrainingParams.builder().epochs(1).lr(1e-3).warmupEpochs(1).warmupInitialLr(1e-5).build(), 10);
        assertThat(s.lr(0)).isCloseTo(1e-5, within(1e-12));
        assertThat(s.lr(5)).isCloseTo(1e-5 + (1e-3 - 1e-5) * 5 / 10, within(1e-12));
        assertThat(s.lr(9)).isCloseTo(1e-5 + (1e-3 - 1e-5) * 9 / 10, within(1e-12));
    }

    @Test
    void perEpochWarmupIsSuperGradientsLinearEpochWarmup() {
        // lr_warmup_epochs 2 of 4, initial 0.1, warmup_initial_lr unset: epochs 0 and 1 at 0.1/3 and 0.1*2/3
        TrainingParams p = TrainingParams.builder().epochs(4).lr(0.1).warmupEpochs(2).warmupPerEpoch(true)
                .schedule(ScheduleKind.CONSTANT).build();
        LrSchedule s = LrSchedule.of(p, 5);
        for (int step = 0; step < 5; step++) {
            assertThat(s.lr(step)).isCloseTo(0.1 / 3, within(1e-12));
            assertThat(s.lr(5 + step)).isCloseTo(0.1 / 3 + (0.1 - 0.1 / 3) / 2, within(1e-12));
        }
        assertThat(s.lr(10)).isEqualTo(0.1);
        // with warmup_initial_lr, and the whole run as warmup (QAT of a 3-epoch recipe): epoch 0 runs at it
        LrSchedule q = LrSchedule.of(TrainingParams.builder().epochs(1).lr(1e-3).warmupEpochs(1).warmupInitialLr(1e-5)
                .warmupPerEpoch(true).build(), 7);
        for (int step = 0; step < 7; step++) {
            assertThat(q.lr(step)).isEqualTo(1e-5);
        }
    }

    @Test
    void paramsRoundTripThroughTheBuilder() {
        TrainingParams p = TrainingParams.builder().epochs(5).optimizer(OptimizerKind.ADAMW).betas(0.8, 0.99).ema(true).build();
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThat(p.toMap()).containsEntry("optimizer", "adamw").containsEntry("epochs", 5).containsKey("betas");
    }
}

package io.quant4j.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides a training run's result. Validated on construction
 * ({@link TrainingParamsException} names the field); build with {@link #builder()}, whose defaults
 * are the reference workload of DESIGN.md: 3 epochs, batch 128, SGD momentum 0.9, weight decay
 * 5e-4 on all parameters, lr 0.1 cosine to 0 per step, no warmup, no label smoothing, no EMA,
 * seed 0, validation every epoch.
 *
 * @param epochs number of epochs
 * @param batchSize training batch size (the training loader must use it)
 * @param optimizer optimizer kind
 * @param lr base learning rate
 * @param momentum SGD momentum
 * @param nesterov SGD Nesterov momentum
 * @param beta1 Adam first-moment decay
 * @param beta2 Adam second-moment decay
 * @param eps Adam denominator epsilon
 * @param weightDecay weight decay (L2 for SGD/Adam, decoupled for AdamW)
 * @param decayAll weight decay on every parameter; false exempts biases and norm weights (1-D parameters)
 * @param schedule learning-rate schedule
 * @param schedulePerStep cosine anneals every step (true) or once per epoch (false)
 * @param finalLrRatio cosine end rate as a fraction of {@code lr}
 * @param stepSize step schedule: epochs between decays
 * @param gamma step schedule: decay factor
 * @param warmupEpochs linear warmup length in epochs (may be fractional), or 0
 * @param warmupSteps linear warmup length in steps, or 0 (at most one of the two warmups)
 * @param labelSmoothing label smoothing of the cross-entropy, in {@code [0, 1)}
 * @param ema keep an exponential moving average of the weights and validate/save it
 * @param emaDecay EMA decay per step, in {@code (0, 1)}
 * @param seed seed of the training loader's shuffle and transforms and of PyTorch's generator
 * @param validationFrequency validate every this many epochs (and always after the last)
 * @param maxStepsPerEpoch stop each epoch after this many steps (0: all batches); for tests and slices
 * @param warmupInitialLr learning rate the linear warmup starts from (SuperGradients'
 *     {@code warmup_initial_lr}: {@code lr = start + (lr - start) * step / warmupSteps}); NaN ramps
 *     {@code lr * (step + 1) / warmupSteps}
 * @param warmupPerEpoch warm up once per epoch (SuperGradients' default {@code LinearEpochLRWarmup}:
 *     epoch {@code e} of the warmup runs at {@code start + (lr - start) * e / warmupEpochs}, with
 *     {@code start = lr / (warmupEpochs + 1)} when {@code warmupInitialLr} is NaN) instead of per step
 * @param freezeBatchNorm BatchNorm layers normalize with their running statistics and do not update
 *     them while training (their affine weights still train): the usual way to fine-tune a converged
 *     model, e.g. in QAT
 */
public record TrainingParams(int epochs, int batchSize, OptimizerKind optimizer, double lr,
                             double momentum, boolean nesterov, double beta1, double beta2, double eps,
                             double weightDecay, boolean decayAll,
                             ScheduleKind schedule, boolean schedulePerStep, double finalLrRatio, int stepSize, double gamma,
                             double warmupEpochs, int warmupSteps, double labelSmoothing,
                             boolean ema, double emaDecay, long seed, int validationFrequency, int maxStepsPerEpoch,
                             double warmupInitialLr, boolean warmupPerEpoch, boolean freezeBatchNorm) {
    public TrainingParams {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        require(epochs >= 1, "epochs", "expected epochs >= 1, found " + epochs);
        require(batchSize >= 1, "batch_size", "expected batch size >= 1, found " + batchSize);
        require(lr > 0 && Double.isFinite(lr), "lr", "expected a finite learning rate > 0, found " + lr);
        require(momentum >= 0 && momentum <= 1, "momentum", "expected momentum in [0, 1], found " + momentum);
        require(!nesterov || momentum > 0, "nesterov", "expected momentum > 0 with nesterov, found momentum " + momentum);
        require(beta1 >= 0 && beta1 < 1, "betas", "expected beta1 in [0, 1), found " + beta1);
        require(beta2 >= 0 && beta2 < 1, "betas", "expected beta2 in [0, 1), found " + beta2);
        require(eps >= 0 && Double.isFinite(eps), "eps", "expected eps >= 0, found " + eps);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay", "expected weight decay >= 0, found " + weightDecay);
        require(finalLrRatio >= 0 && finalLrRatio <= 1, "final_lr_ratio", "expected a final lr ratio in [0, 1], found " + finalLrRatio);
        require(stepSize >= 1, "step_size", "expected a step size >= 1 epoch, found " + stepSize);
        require(gamma > 0 && Double.isFinite(gamma), "gamma", "expected gamma > 0, found " + gamma);
        require(warmupEpochs >= 0 && Double.isFinite(warmupEpochs), "warmup_epochs", "expected warmup epochs >= 0, found " + warmupEpochs);
        require(warmupSteps >= 0, "warmup_steps", "expected warmup steps >= 0, found " + warmupSteps);
        require(warmupSteps == 0 || warmupEpochs == 0, "warmup_steps",
                "expected warmup in epochs or in steps, found both (" + warmupEpochs + " epochs, " + warmupSteps + " steps)");
        require(warmupEpochs <= epochs, "warmup_epochs", "expected at most as many warmup epochs as epochs, found " + warmupEpochs + " of " + epochs);
        require(!warmupPerEpoch || warmupSteps == 0, "warmup_steps", "expected a per-epoch warmup in epochs, found "
                + warmupSteps + " warmup steps");
        require(Double.isNaN(warmupInitialLr) || (warmupInitialLr >= 0 && Double.isFinite(warmupInitialLr)), "warmup_initial_lr",
                "expected a warmup initial lr >= 0, found " + warmupInitialLr);
        require(labelSmoothing >= 0 && labelSmoothing < 1, "label_smoothing", "expected label smoothing in [0, 1), found " + labelSmoothing);
        require(!ema || (emaDecay > 0 && emaDecay < 1), "ema_decay", "expected an EMA decay in (0, 1), found " + emaDecay);
        require(validationFrequency >= 1, "validation_frequency", "expected validation every >= 1 epochs, found " + validationFrequency);
        require(maxStepsPerEpoch >= 0, "max_steps_per_epoch", "expected max steps per epoch >= 0 (0 = all), found " + maxStepsPerEpoch);
    }

    private static void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw new TrainingParamsException(field, problem, "Fix training_params." + field + ".");
        }
    }

    /** The reference workload's parameters (see the class comment). */
    public static TrainingParams baseline() {
        return builder().build();
    }

    /** A builder starting from the reference workload's parameters. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these parameters. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The parameters by recipe name (snake_case), for checkpoints and reports. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("optimizer", optimizer.id());
        m.put("lr", lr);
        m.put("momentum", momentum);
        m.put("nesterov", nesterov);
        m.put("betas", List.of(beta1, beta2));
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        m.put("decay_all", decayAll);
        m.put("schedule", schedule.id());
        m.put("schedule_per_step", schedulePerStep);
        m.put("final_lr_ratio", finalLrRatio);
        m.put("step_size", stepSize);
        m.put("gamma", gamma);
        m.put("warmup_epochs", warmupEpochs);
        m.put("warmup_steps", warmupSteps);
        m.put("label_smoothing", labelSmoothing);
        m.put("ema", ema);
        m.put("ema_decay", emaDecay);
        m.put("seed", seed);
        m.put("validation_frequency", validationFrequency);
        m.put("max_steps_per_epoch", maxStepsPerEpoch);
        m.put("warmup_initial_lr", Double.isNaN(warmupInitialLr) ? null : warmupInitialLr);
        m.put("warmup_per_epoch", warmupPerEpoch);
        m.put("freeze_batch_norm", freezeBatchNorm);
        return m;
    }

    /** Builder with the reference workload's defaults. */
    public static final class Builder {
        private int epochs = 3;
        private int batchSize = 128;
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private double lr = 0.1;
        private double momentum = 0.9;
        private boolean nesterov;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay = 5e-4;
        private boolean decayAll = true;
        private ScheduleKind schedule = ScheduleKind.COSINE;
        private boolean schedulePerStep = true;
        private double finalLrRatio;
        private int stepSize = 30;
        private double gamma = 0.1;
        private double warmupEpochs;
        private int warmupSteps;
        private double labelSmoothing;
        private boolean ema;
        private double emaDecay = 0.9999;
        private long seed;
        private int validationFrequency = 1;
        private int maxStepsPerEpoch;
        private double warmupInitialLr = Double.NaN;
        private boolean warmupPerEpoch;
        private boolean freezeBatchNorm;

        private Builder() {}

        private Builder(TrainingParams p) {
            epochs = p.epochs;
            batchSize = p.batchSize;
            optimizer = p.optimizer;
            lr = p.lr;
            momentum = p.momentum;
            nesterov = p.nesterov;
            beta1 = p.beta1;
            beta2 = p.beta2;
            eps = p.eps;
            weightDecay = p.weightDecay;
            decayAll = p.decayAll;
            schedule = p.schedule;
            schedulePerStep = p.schedulePerStep;
            finalLrRatio = p.finalLrRatio;
            stepSize = p.stepSize;
            gamma = p.gamma;
            warmupEpochs = p.warmupEpochs;
            warmupSteps = p.warmupSteps;
            labelSmoothing = p.labelSmoothing;
            ema = p.ema;
            emaDecay = p.emaDecay;
            seed = p.seed;
            validationFrequency = p.validationFrequency;
            maxStepsPerEpoch = p.maxStepsPerEpoch;
            warmupInitialLr = p.warmupInitialLr;
            warmupPerEpoch = p.warmupPerEpoch;
            freezeBatchNorm = p.freezeBatchNorm;
        }

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder nesterov(boolean v) { nesterov = v; return this; }
        public Builder betas(double b1, double b2) { beta1 = b1; beta2 = b2; return this; }
        public Builder eps(double v) { eps = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder decayAll(boolean v) { decayAll = v; return this; }
        public Builder schedule(ScheduleKind v) { schedule = v; return this; }
        public Builder schedulePerStep(boolean v) { schedulePerStep = v; return this; }
        public Builder finalLrRatio(double v) { finalLrRatio = v; return this; }
        public Builder stepSize(int v) { stepSize = v; return this; }
        public Builder gamma(double v) { gamma = v; return this; }
        public Builder warmupEpochs(double v) { warmupEpochs = v; return this; }
        public Builder warmupSteps(int v) { warmupSteps = v; return this; }
        public Builder labelSmoothing(double v) { labelSmoothing = v; return this; }
        public Builder ema(boolean on) { ema = on; return this; }
        public Builder emaDecay(double v) { emaDecay = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder validationFrequency(int v) { validationFrequency = v; return this; }
        public Builder maxStepsPerEpoch(int v) { maxStepsPerEpoch = v; return this; }
        public Builder warmupInitialLr(double v) { warmupInitialLr = v; return this; }
        public Builder warmupPerEpoch(boolean on) { warmupPerEpoch = on; return this; }
        public Builder freezeBatchNorm(boolean on) { freezeBatchNorm = on; return this; }

        /** Validates and builds. */
        public TrainingParams build() {
            return new TrainingParams(epochs, batchSize, optimizer, lr, momentum, nesterov, beta1, beta2, eps,
                    weightDecay, decayAll, schedule, schedulePerStep, finalLrRatio, stepSize, gamma, warmupEpochs,
                    warmupSteps, labelSmoothing, ema, emaDecay, seed, validationFrequency, maxStepsPerEpoch, warmupInitialLr, warmupPerEpoch, freezeBatchNorm);
        }
    }
}

package io.quant4j.train;

/**
 * Learning rate as a function of the global step {@code s} (0-based, counted over all epochs).
 *
 * <ul>
 *   <li>{@link Constant}: {@code lr(s) = base}</li>
 *   <li>{@link Cosine}: with {@code t = floor(s / unit)} and {@code T = total / unit},
 *       {@code lr(s) = final + (base - final) * (1 + cos(pi * t / T)) / 2}; {@code unit = 1} anneals
 *       every step, {@code unit = steps per epoch} once per epoch</li>
 *   <li>{@link StepDecay}: {@code lr(s) = base * gamma^floor(s / stepSize)}</li>
 *   <li>{@link Warmup}: {@code lr(s) = base * (s + 1) / W} for {@code s < W}, then
 *       {@code after.lr(s - W)} (the main schedule spans the steps after the warmup)</li>
 * </ul>
 * The reference workload: {@code new Cosine(0.1, 0.0, totalSteps, 1)}, i.e.
 * {@code lr(s) = 0.05 * (1 + cos(pi * s / totalSteps))}: 0.1 at step 0, 0.05 halfway.
 */
public sealed interface LrSchedule permits LrSchedule.Constant, LrSchedule.Cosine, LrSchedule.StepDecay, LrSchedule.Warmup {
    /** The learning rate of global step {@code step}. */
    double lr(long step);

    /** A short name for reports: {@code constant}, {@code cosine}, {@code step}, {@code warmup+...}. */
    String kind();

    /** The same learning rate for every step. */
    record Constant(double base) implements LrSchedule {
        public Constant {
            checkLr(base, "base");
        }

        @Override
        public double lr(long step) {
            return base;
        }

        @Override
        public String kind() {
            return "constant";
        }
    }

    /**
     * Half-cosine from {@code base} to {@code finalLr} over {@code totalSteps}, held constant
     * within blocks of {@code unit} steps.
     */
    record Cosine(double base, double finalLr, long totalSteps, long unit) implements LrSchedule {
        public Cosine {
            checkLr(base, "base");
            checkLr(finalLr, "final");
            if (totalSteps < 1 || unit < 1 || totalSteps % unit != 0) {
                throw new IllegalArgumentException("expected total steps >= 1 and a unit >= 1 that divides it; found total "
                        + totalSteps + ", unit " + unit);
            }
        }

        @Override
        public double lr(long step) {
            long t = Math.min(step, totalSteps) / unit;
            long T = totalSteps / unit;
            return finalLr + (base - finalLr) * 0.5 * (1 + Math.cos(Math.PI * t / T));
        }

        @Override
        public String kind() {
            return "cosine";
        }
    }

    /** Multiplies the rate by {@code gamma} every {@code stepSize} steps. */
    record StepDecay(double base, double gamma, long stepSize) implements LrSchedule {
        public StepDecay {
            checkLr(base, "base");
            if (!(gamma > 0) || Double.isInfinite(gamma) || stepSize < 1) {
                throw new IllegalArgumentException("expected gamma > 0 and step size >= 1, found gamma " + gamma + ", step size " + stepSize);
            }
        }

        @Override
        public double lr(long step) {
            return base * Math.pow(gamma, (double) (step / stepSize));
        }

        @Override
        public String kind() {
            return "step";
        }
    }

    /**
     * Linear warmup to {@code base} over {@code steps} steps, then {@code after}: from {@code start}
     * ({@code start + (base - start) * step / steps}, SuperGradients' warmup from
     * {@code warmup_initial_lr}), or when {@code start} is NaN {@code base * (step + 1) / steps}.
     * With {@code unit > 1} (steps per epoch) the rate changes once per epoch:
     * {@code start + (base - start) * epoch / warmupEpochs} (SuperGradients' LinearEpochLRWarmup).
     */
    record Warmup(double base, long steps, LrSchedule after, double start, long unit) implements LrSchedule {
        public Warmup {
            checkLr(base, "base");
            if (steps < 1) {
                throw new IllegalArgumentException("expected warmup steps >= 1, found " + steps);
            }
        }

        Warmup(double base, long steps, LrSchedule after) {
            this(base, steps, after, Double.NaN, 1);
        }

        @Override
        public double lr(long step) {
            if (step >= steps) {
                return after.lr(step - steps);
            }
            if (unit > 1) {
                return start + (base - start) * (step / unit * unit) / steps;
            }
            return Double.isNaN(start) ? base * (step + 1) / steps : start + (base - start) * step / steps;
        }

        @Override
        public String kind() {
            return "warmup+" + after.kind();
        }
    }

    private static void checkLr(double v, String what) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("expected a finite learning rate >= 0 for " + what + ", found " + v);
        }
    }

    /**
     * The schedule of a training run: {@code params}' kind, learning rate and warmup, for
     * {@code stepsPerEpoch} optimizer steps per epoch.
     */
    static LrSchedule of(TrainingParams params, long stepsPerEpoch) {
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("expected at least one step per epoch, found " + stepsPerEpoch);
        }
        long total = params.epochs() * stepsPerEpoch;
        long warmup = params.warmupSteps() > 0 ? params.warmupSteps() : Math.round(params.warmupEpochs() * stepsPerEpoch);
        if (warmup > total) {
            throw new IllegalArgumentException("expected at most as many warmup steps as training steps, found " + warmup
                    + " warmup steps of " + total + " (" + params.epochs() + " epochs x " + stepsPerEpoch + " steps)");
        }
        long main = total - warmup;
        double base = params.lr();
        LrSchedule s = main == 0 ? new Constant(base) : switch (params.schedule()) {
            case CONSTANT -> new Constant(base);
            case COSINE -> params.schedulePerStep() || main % stepsPerEpoch != 0
                    ? new Cosine(base, base * params.finalLrRatio(), main, 1)
                    : new Cosine(base, base * params.finalLrRatio(), main, stepsPerEpoch);
            case STEP -> new StepDecay(base, params.gamma(), (long) params.stepSize() * stepsPerEpoch);
        };
        if (warmup == 0) {
            return s;
        }
        if (params.warmupPerEpoch()) {
            double start = Double.isNaN(params.warmupInitialLr()) ? base / (params.warmupEpochs() + 1) : params.warmupInitialLr();
            return new Warmup(base, warmup, s, start, stepsPerEpoch);
        }
        return new Warmup(base, warmup, s, params.warmupInitialLr(), 1);
    }
}

package io.quant4j.train;

import io.quant4j.nn.Module;
import java.nio.file.Path;

/** What callbacks see of a running {@link Trainer#fit}. */
public final class TrainingContext {
    private final Module model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final TrainingParams params;
    private final Path runDir;
    private final int stepsPerEpoch;
    private volatile boolean stopRequested;

    TrainingContext(Module model, Optimizer optimizer, LrSchedule schedule, TrainingParams params, Path runDir, int stepsPerEpoch) {
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.params = params;
        this.runDir = runDir;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public LrSchedule schedule() {
        return schedule;
    }

    public TrainingParams params() {
        return params;
    }

    public Path runDir() {
        return runDir;
    }

    /** Optimizer steps per epoch (after {@code maxStepsPerEpoch}). */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Total optimizer steps of the run. */
    public long totalSteps() {
        return (long) stepsPerEpoch * params.epochs();
    }

    /** Ends training after the current step: the unfinished epoch is neither validated nor checkpointed. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Whether {@link #requestStop()} was called. */
    public boolean stopRequested() {
        return stopRequested;
    }
}

package io.quant4j.train;

import io.quant4j.data.DataLoader;
import io.quant4j.data.LoaderOptions;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import java.nio.file.Path;

/**
 * A training run in its own JVM for {@link KillResumeTest}: {@code TrainChild RUN_DIR PACE_MS}.
 * Prints {@code STEP epoch batch} after every step and {@code DONE top1} at the end; resumes when
 * the folder holds a checkpoint. PACE_MS sleeps after each step so that the parent can kill it
 * mid-epoch (it changes nothing else).
 */
public final class TrainChild {
    private TrainChild() {}

    static TrainingParams params() {
        return TrainingParams.builder().epochs(3).batchSize(16).lr(0.05).build();
    }

    public static void main(String[] args) {
        Path run = Path.of(args[0]);
        long pace = Long.parseLong(args[1]);
        Module model = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(0));
        DataLoader train = new DataLoader(Synthetic.make(512, 12, 1), LoaderOptions.training(16));
        DataLoader val = new DataLoader(Synthetic.make(128, 12, 2), LoaderOptions.evaluation(64));
        TrainingResult r = new Trainer(params()).progress(ProgressMode.LOG).resume(true).callback(new TrainingCallback() {
            @Override
            public void onBatchEnd(TrainingContext ctx, StepInfo s) {
                System.out.println("STEP " + s.epoch() + " " + s.batch());
                System.out.flush();
                if (pace > 0) {
                    try {
                        Thread.sleep(pace);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }).fit(model, train, val, run);
        System.out.println("DONE " + r.finalTop1() + " resumedFrom " + r.resumedFrom());
    }
}

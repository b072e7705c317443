package io.quant4j.train;

import com.google.gson.JsonObject;
import io.quant4j.data.DataLoader;
import io.quant4j.io.AtomicFiles;
import io.quant4j.tensor.Engines;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes {@code summary.json} in the run folder (atomically) after every epoch and at the end. */
final class RunSummary {
    private final Path runDir;
    private final TrainingParams params;
    private final DataLoader train;
    private final DataLoader val;
    private final String started = Instant.now().toString();

    RunSummary(Path runDir, TrainingParams params, DataLoader train, DataLoader val) {
        this.runDir = runDir;
        this.params = params;
        this.train = train;
        this.val = val;
    }

    void write(String status, String error, TrainingResult r, List<EpochMetrics> history, StepTimes steps) {
        JsonObject o = new JsonObject();
        o.addProperty("status", status);
        if (error != null) {
            o.addProperty("error", error);
        }
        o.addProperty("run_dir", runDir.toAbsolutePath().toString());
        o.addProperty("started", started);
        o.addProperty("updated", Instant.now().toString());
        o.addProperty("train_data", train.dataset().name() + " (" + train.numExamples() + " examples, "
                + train.numBatches() + " batches of up to " + train.batchSize() + ")");
        o.addProperty("validation_data", val == null ? "none" : val.dataset().name() + " (" + val.numExamples() + " examples)");
        o.addProperty("epochs_completed", r.epochs());
        o.addProperty("resumed_from_epoch", r.resumedFrom());
        JsonObject fin = new JsonObject();
        fin.add("top1", TrainJson.num(r.finalTop1()));
        fin.add("top5", TrainJson.num(r.finalTop5()));
        o.add("final_validation", fin);
        JsonObject best = new JsonObject();
        best.add("top1", TrainJson.num(r.bestTop1()));
        best.addProperty("epoch", r.bestEpoch());
        o.add("best_validation", best);
        o.add("train_images_per_second", TrainJson.num(r.imagesPerSecond()));
        o.add("median_step_ms", TrainJson.num(r.medianStepMs()));
        o.addProperty("steps_timed", steps.count());
        o.addProperty("torch_threads", Engines.threads());
        o.addProperty("checkpoint_last", Checkpoints.weights(runDir, Checkpoints.LAST).getFileName().toString());
        o.addProperty("checkpoint_best", Checkpoints.weights(runDir, Checkpoints.BEST).getFileName().toString());
        o.add("params", TrainJson.params(params));
        o.add("history", TrainJson.history(history));
        try {
            AtomicFiles.writeString(runDir.resolve("summary.json"), TrainJson.pretty(o));
        } catch (IOException e) {
            throw new CheckpointException("cannot write summary.json: " + e.getMessage(), runDir.toString(),
                    "Check free disk space and permissions.", e);
        }
    }
}

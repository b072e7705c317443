package io.quant4j.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads a run folder's resume state into a {@link TrainingRun}: model, optimizer, EMA, position. */
final class ResumeLoader {
    private ResumeLoader() {}

    static void load(TrainingRun run, Path file) {
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            Checkpoints.Resume r = Checkpoints.readResume(file.getParent());
            JsonObject state = r.state();
            JsonObject saved = state.getAsJsonObject("params");
            JsonObject now = TrainJson.params(run.params());
            if (!saved.equals(now)) {
                List<String> diff = new ArrayList<>();
                for (String k : now.keySet()) {
                    JsonElement a = saved.get(k);
                    if (a == null || !a.equals(now.get(k))) {
                        diff.add(k + ": checkpoint " + a + ", now " + now.get(k));
                    }
                }
                throw new CheckpointException("cannot resume with other training parameters: " + String.join("; ", diff),
                        file.toString(), "Resume with the parameters of the checkpoint, or train into a new folder.", null);
            }
            // states written before losses were recorded trained with cross-entropy
            JsonElement savedLoss = state.has("loss") ? state.get("loss") : TrainJson.value(TrainingLoss.crossEntropy(run.params()).toMap());
            JsonElement nowLoss = TrainJson.value(run.loss().toMap());
            if (!savedLoss.equals(nowLoss)) {
                throw new CheckpointException("cannot resume with another loss: checkpoint " + savedLoss + ", now " + nowLoss,
                        file.toString(), "Resume with the loss of the checkpoint, or train into a new folder.", null);
            }
            int steps = state.get("steps_per_epoch").getAsInt();
            if (steps != run.stepsPerEpoch()) {
                throw new CheckpointException("cannot resume: the checkpoint has " + steps + " steps per epoch, the loader gives "
                        + run.stepsPerEpoch(), file.toString(), "Resume with the same data and batch size.", null);
            }
            TrainingRun.loadModel(run.model(), r.model(), file);
            run.optimizer().loadState(r.optimizer());
            long step = state.get("global_step").getAsLong();
            run.optimizer().steps(state.getAsJsonObject("optimizer").get("steps").getAsLong());
            if (run.ema() != null) {
                run.ema().load(r.ema());
            }
            JsonObject best = state.getAsJsonObject("best");
            run.resumeAt(state.get("epochs_completed").getAsInt(), step, TrainJson.num(best.get("top1")),
                    best.get("epoch").getAsInt(), TrainJson.history(state.getAsJsonArray("history")));
        }
    }
}

package io.quant4j.train;

import com.google.gson.JsonObject;
import java.time.Instant;

/** The trainer state JSON stored with each checkpoint (see {@link Checkpoints}). */
final class TrainState {
    private TrainState() {}

    static JsonObject build(TrainingRun run, int epochsCompleted, EvalResult lastValidation) {
        TrainingParams p = run.params();
        JsonObject o = new JsonObject();
        o.addProperty("format", Checkpoints.FORMAT);
        o.addProperty("written", Instant.now().toString());
        o.addProperty("epochs_completed", epochsCompleted);
        o.addProperty("global_step", run.globalStep());
        o.addProperty("steps_per_epoch", run.stepsPerEpoch());
        JsonObject best = new JsonObject();
        best.add("top1", TrainJson.num(run.bestTop1()));
        best.addProperty("epoch", run.bestEpoch());
        o.add("best", best);
        o.add("last_validation", lastValidation == null ? null : TrainJson.eval(lastValidation));

        JsonObject opt = new JsonObject();
        opt.addProperty("kind", run.optimizer().kind());
        opt.addProperty("steps", run.optimizer().steps());
        opt.addProperty("decayed_parameters", run.optimizer().decayed().size());
        opt.addProperty("parameters", run.optimizer().parameters().size());
        opt.addProperty("state_tensors", Checkpoints.LAST + ".state.safetensors: optimizer/<param>.<state>");
        o.add("optimizer", opt);

        JsonObject sched = new JsonObject();
        sched.addProperty("kind", run.schedule().kind());
        sched.addProperty("step", run.globalStep());
        sched.addProperty("total_steps", (long) run.stepsPerEpoch() * p.epochs());
        sched.add("last_lr", TrainJson.num(run.globalStep() == 0 ? Double.NaN : run.schedule().lr(run.globalStep() - 1)));
        sched.add("next_lr", TrainJson.num(run.schedule().lr(run.globalStep())));
        o.add("scheduler", sched);

        JsonObject seeds = new JsonObject();
        seeds.addProperty("seed", p.seed());
        seeds.addProperty("loader_seed", p.seed());
        seeds.addProperty("next_epoch_torch_seed", Seeds.torchSeed(p.seed(), epochsCompleted));
        o.add("seeds", seeds);

        if (run.ema() != null) {
            JsonObject e = new JsonObject();
            e.addProperty("decay", run.ema().decay());
            e.addProperty("updates", run.ema().updates());
            o.add("ema", e);
        }
        o.add("params", TrainJson.params(p));
        o.add("loss", TrainJson.value(run.loss().toMap()));
        o.add("history", TrainJson.history(run.history()));
        return o;
    }
}

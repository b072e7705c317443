package io.quant4j.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.quant4j.io.AtomicFiles;
import io.quant4j.io.SafeTensors;
import io.quant4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint files of a run folder. Every file is written atomically (temporary file, fsync,
 * rename), so each is at all times either absent, the previous version or the new one.
 * <pre>
 *   ckpt_last.state.safetensors  resume state, self-contained: tensors model/NAME, optimizer/NAME.STATE,
 *                                ema/NAME, and the trainer state JSON in the metadata key
 *                                "quant4j.train_state" (epochs completed, global step, optimizer and
 *                                scheduler state, seeds, parameters, history). Written first.
 *   ckpt_last.safetensors        plain state dict after the last completed epoch (the EMA weights when
 *                                EMA is on): loadable with StateDict.load / ModelOptions.withWeights
 *   ckpt_last.json               the trainer state JSON, readable
 *   ckpt_best.safetensors        plain state dict of the best validation top-1
 *   ckpt_best.json               its trainer state JSON
 * </pre>
 */
public final class Checkpoints {
    /** Base name of the last-epoch checkpoint. */
    public static final String LAST = "ckpt_last";
    /** Base name of the best-validation checkpoint. */
    public static final String BEST = "ckpt_best";
    static final String STATE_KEY = "quant4j.train_state";
    static final String FORMAT = "quant4j-train-state/1";

    private Checkpoints() {}

    /** {@code runDir/<name>.safetensors}: a plain state dict. */
    public static Path weights(Path runDir, String name) {
        return runDir.resolve(name + ".safetensors");
    }

    /** {@code runDir/<name>.json}: the trainer state of that checkpoint. */
    public static Path json(Path runDir, String name) {
        return runDir.resolve(name + ".json");
    }

    /**
     * The rule for starting a run in a folder: a run never overwrites a newer checkpoint with an
     * older state. A folder with a resume state is resumed when {@code resume} is on, else refused;
     * a folder with checkpoints but no resume state (deleted, or written by something else) is
     * refused either way.
     *
     * @return whether the run resumes from the folder's state
     * @throws CheckpointException when the folder cannot be started in
     */
    public static boolean checkStart(Path runDir, boolean resume) {
        if (Files.exists(resumeState(runDir))) {
            if (!resume) {
                throw new CheckpointException("the run folder already holds a checkpoint", runDir.toString(),
                        "Resume it (--resume, Trainer.resume(true)) or train into another folder.", null);
            }
            return true;
        }
        List<String> present = present(runDir);
        if (!present.isEmpty()) {
            throw new CheckpointException("the run folder holds checkpoints " + present + " but no training state "
                    + resumeState(runDir).getFileName() + ": a new run would overwrite them with older weights, and without the"
                    + " state they cannot be resumed", runDir.toString(),
                    "Train into another folder (keep or move these checkpoints first).", null);
        }
        return false;
    }

    /** The checkpoint files (weights and their JSON, not the resume state) a run folder holds. */
    public static List<String> present(Path runDir) {
        List<String> out = new ArrayList<>();
        for (String name : new String[] {LAST, BEST}) {
            for (Path p : new Path[] {weights(runDir, name), json(runDir, name)}) {
                if (Files.exists(p)) {
                    out.add(p.getFileName().toString());
                }
            }
        }
        return out;
    }

    /** {@code runDir/ckpt_last.state.safetensors}: what {@link Trainer} resumes from. */
    public static Path resumeState(Path runDir) {
        return runDir.resolve(LAST + ".state.safetensors");
    }

    /**
     * What a run folder's resume state says.
     *
     * @param epochsCompleted epochs completed
     * @param globalStep optimizer steps taken
     * @param bestTop1 best validation top-1 so far (NaN if none)
     * @param bestEpoch its epoch (0-based), or -1
     * @param json the full trainer state JSON
     */
    public record Info(int epochsCompleted, long globalStep, double bestTop1, int bestEpoch, String json) {}

    /** The resume state of a run folder, if it has one. */
    public static Optional<Info> read(Path runDir) {
        Path file = resumeState(runDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonObject s = state(readContents(file), file);
        JsonObject best = s.getAsJsonObject("best");
        return Optional.of(new Info(s.get("epochs_completed").getAsInt(), s.get("global_step").getAsLong(),
                TrainJson.num(best.get("top1")), best.get("epoch").getAsInt(), TrainJson.pretty(s)));
    }

    /** A resume state read back; tensors are in the caller's scope. */
    record Resume(JsonObject state, Map<String, Tensor> model, Map<String, Tensor> optimizer, Map<String, Tensor> ema) {}

    static Resume readResume(Path runDir) {
        Path file = resumeState(runDir);
        SafeTensors.Contents c = readContents(file);
        JsonObject s = state(c, file);
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> opt = new LinkedHashMap<>();
        Map<String, Tensor> ema = new LinkedHashMap<>();
        c.tensors().forEach((k, e) -> {
            int slash = k.indexOf('/');
            String group = slash < 0 ? "" : k.substring(0, slash);
            Map<String, Tensor> target = switch (group) {
                case "model" -> model;
                case "optimizer" -> opt;
                case "ema" -> ema;
                default -> throw new CheckpointException("unexpected tensor '" + k + "': expected model/, optimizer/ or ema/ names",
                        file.toString(), "The file is not a quant4j resume state.", null);
            };
            target.put(k.substring(slash + 1), e.toTensor());
        });
        return new Resume(s, model, opt, ema);
    }

    private static SafeTensors.Contents readContents(Path file) {
        try {
            return SafeTensors.read(file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read the checkpoint: " + e.getMessage(), file.toString(),
                    "Check the file; delete the run folder's ckpt_last.* files to start over.", e);
        }
    }

    private static JsonObject state(SafeTensors.Contents c, Path file) {
        String json = c.metadata().get(STATE_KEY);
        if (json == null) {
            throw new CheckpointException("no trainer state: expected metadata key " + STATE_KEY, file.toString(),
                    "The file is not a quant4j resume state.", null);
        }
        try {
            JsonObject s = JsonParser.parseString(json).getAsJsonObject();
            if (!FORMAT.equals(s.get("format").getAsString())) {
                throw new CheckpointException("unknown trainer state format: expected " + FORMAT + ", found "
                        + s.get("format"), file.toString(), "Resume with the quant4j version that wrote it.", null);
            }
            return s;
        } catch (JsonParseException | IllegalStateException | NullPointerException e) {
            throw new CheckpointException("corrupt trainer state JSON: " + e.getMessage(), file.toString(),
                    "Delete the run folder's ckpt_last.* files to start over.", e);
        }
    }

    /** Writes the resume state, then the plain weights and the JSON of {@code ckpt_last}. */
    static void writeLast(Path runDir, Map<String, Tensor> model, Map<String, Tensor> optimizer, Map<String, Tensor> ema,
                          Map<String, Tensor> weights, JsonObject state) throws IOException {
        Map<String, Tensor> all = new LinkedHashMap<>();
        model.forEach((k, v) -> all.put("model/" + k, v));
        optimizer.forEach((k, v) -> all.put("optimizer/" + k, v));
        ema.forEach((k, v) -> all.put("ema/" + k, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put(STATE_KEY, state.toString());
        SafeTensors.write(resumeState(runDir), all, meta);
        writePlain(runDir, LAST, weights, state);
    }

    /** Writes the plain weights and JSON of {@code ckpt_best}. */
    static void writeBest(Path runDir, Map<String, Tensor> weights, JsonObject state) throws IOException {
        writePlain(runDir, BEST, weights, state);
    }

    private static void writePlain(Path runDir, String name, Map<String, Tensor> weights, JsonObject state) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("quant4j.checkpoint", name);
        meta.put("quant4j.epochs_completed", state.get("epochs_completed").getAsString());
        com.google.gson.JsonElement v = state.get("last_validation");
        meta.put("quant4j.val_top1", String.valueOf(v != null && v.isJsonObject() ? TrainJson.num(v.getAsJsonObject().get("top1")) : Double.NaN));
        SafeTensors.write(weights(runDir, name), weights, meta);
        AtomicFiles.writeString(json(runDir, name), TrainJson.pretty(state));
    }
}

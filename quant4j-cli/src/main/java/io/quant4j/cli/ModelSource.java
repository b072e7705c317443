package io.quant4j.cli;

import io.quant4j.checkpoint.CheckpointInfo;
import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.data.InputSpec;
import io.quant4j.errors.Quant4jException;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a command's model comes from: a zoo name with its bundled weights ({@code --pretrained}),
 * a float state dict ({@code --weights}), or a quant4j checkpoint ({@code --checkpoint}, float or
 * quantized, which names its own model).
 */
final class ModelSource {
    @Option(names = "--model", description = "Zoo model name (see 'quant4j models'); read from --checkpoint when omitted.")
    String model;

    @Option(names = "--pretrained", description = "Load the model's bundled pretrained weights.")
    boolean pretrained;

    @Option(names = "--weights", description = "A float safetensors state dict for --model.")
    Path weights;

    @Option(names = "--checkpoint", description = "A quant4j checkpoint (.safetensors with metadata), float or quantized.")
    Path checkpoint;

    /**
     * The loaded model.
     *
     * @param module the model
     * @param name its zoo name
     * @param info checkpoint metadata (null unless --checkpoint)
     */
    record Loaded(Module module, String name, CheckpointInfo info) {
        boolean quantized() {
            return info != null && info.quantized();
        }

        /** Output classes (the checkpoint's, else the zoo default). */
        int numClasses() {
            return info != null ? info.numClasses() : Models.info(name).defaultClasses();
        }

        /** Input channels (the checkpoint's, else the zoo default). */
        int inChannels() {
            return info != null ? info.inChannels() : (int) Models.info(name).inputShape()[0];
        }

        /** How the model expects its input (the checkpoint's, else the zoo entry's). */
        InputSpec input() {
            return info != null ? info.input() : Models.info(name).input();
        }

        /** The data source the model is evaluated on when none is given, or null. */
        String defaultData() {
            return Models.info(name).defaultData();
        }
    }

    /** Loads the model, or fails with one message saying which options to give. */
    Loaded load() throws IOException {
        int given = (pretrained ? 1 : 0) + (weights != null ? 1 : 0) + (checkpoint != null ? 1 : 0);
        if (given > 1) {
            throw new Quant4jException("expected one of --pretrained, --weights or --checkpoint, found " + given,
                    "Give exactly one source of weights.");
        }
        if (checkpoint != null) {
            if (!Files.isRegularFile(checkpoint)) {
                throw new Quant4jException("checkpoint file not found", null, checkpoint.toString(), null)
                        .locateIfAbsent(checkpoint.toString());
            }
            java.util.Map<String, String> meta = io.quant4j.io.SafeTensors.read(checkpoint).metadata();
            if (!meta.containsKey("model")) {
                if (model == null) {
                    throw new Quant4jException("the checkpoint does not name its model: expected --model NAME",
                            checkpoint.toString(), "Give --model (see 'quant4j models') for a plain state dict.", null);
                }
                return new Loaded(Models.get(model, ModelOptions.defaults().withWeights(checkpoint)), model, null);
            }
            CheckpointInfo info = ModelCheckpoint.info(checkpoint);
            if (model != null && !model.equals(info.model())) {
                throw new Quant4jException("--model " + model + " does not match the checkpoint's model " + info.model(),
                        checkpoint.toString(), "Drop --model: the checkpoint names its model.", null);
            }
            return new Loaded(ModelCheckpoint.load(checkpoint), info.model(), info);
        }
        if (model == null) {
            throw new Quant4jException("no model: expected --model NAME (or --checkpoint FILE)",
                    "See 'quant4j models' for the names.");
        }
        if (weights != null) {
            return new Loaded(Models.get(model, ModelOptions.defaults().withWeights(weights)), model, null);
        }
        if (!pretrained) {
            throw new Quant4jException("no weights for " + model + ": expected --pretrained, --weights FILE or --checkpoint FILE",
                    "A randomly initialized model is meaningless to quantize; give trained weights.");
        }
        return new Loaded(Models.get(model, ModelOptions.pretrainedWeights()), model, null);
    }
}

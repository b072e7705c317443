package io.quant4j.checkpoint;

import io.quant4j.data.InputSpec;
import io.quant4j.io.SafeTensors;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and loads zoo models, float or quantized, as safetensors with self-describing metadata:
 * {@code model}, {@code num_classes}, {@code in_channels}, {@code quantized} and, when quantized,
 * {@code quantization} (the spec as JSON), {@code input_spec} (the model's input preprocessing,
 * {@link InputSpec}), plus any extra entries (recipe, calibration manifest).
 *
 * <pre>{@code
 * ModelCheckpoint.save(int8, Path.of("run/ptq.safetensors"), info);
 * Module again = ModelCheckpoint.load(Path.of("run/ptq.safetensors"));   // quantizers and amax restored
 * }</pre>
 */
public final class ModelCheckpoint {
    private static final String MODEL = "model";
    private static final String CLASSES = "num_classes";
    private static final String CHANNELS = "in_channels";
    private static final String QUANTIZED = "quantized";
    private static final String QUANTIZATION = "quantization";
    private static final String INPUT = "input_spec";

    private ModelCheckpoint() {}

    /** Writes the model's state and metadata atomically. */
    public static void save(Module model, Path file, CheckpointInfo info) throws IOException {
        StateDict.save(model, file, metadata(info));
    }

    /** The metadata entries describing {@code info}. */
    public static Map<String, String> metadata(CheckpointInfo info) {
        Map<String, String> md = new LinkedHashMap<>(info.extra());
        md.put("format", "pt");
        md.put(MODEL, info.model());
        md.put(CLASSES, Integer.toString(info.numClasses()));
        md.put(CHANNELS, Integer.toString(info.inChannels()));
        md.put(QUANTIZED, Boolean.toString(info.quantized()));
        if (info.quantized()) {
            md.put(QUANTIZATION, SpecJson.write(info.quantization()));
        }
        md.put(INPUT, info.input().toJson());
        return md;
    }

    /** Reads only the metadata. */
    public static CheckpointInfo info(Path file) throws IOException {
        return info(SafeTensors.read(file).metadata(), file.toString());
    }

    static CheckpointInfo info(Map<String, String> md, String where) {
        String model = md.get(MODEL);
        if (model == null) {
            throw new CheckpointFormatException("checkpoint metadata has no '" + MODEL + "' entry", where,
                    "Save checkpoints with ModelCheckpoint.save (or the CLI), or pass the model name explicitly.");
        }
        try {
            int classes = Integer.parseInt(md.getOrDefault(CLASSES, "-1"));
            int channels = Integer.parseInt(md.getOrDefault(CHANNELS, "-1"));
            boolean quantized = "true".equalsIgnoreCase(md.get(QUANTIZED));
            if (quantized && md.get(QUANTIZATION) == null) {
                throw new CheckpointFormatException("checkpoint says quantized=true but has no '" + QUANTIZATION
                        + "' entry describing how", where, "Save quantized models with ModelCheckpoint.save (or the CLI).");
            }
            var spec = quantized ? SpecJson.read(md.get(QUANTIZATION)) : null;
            Map<String, String> extra = new LinkedHashMap<>(md);
            for (String k : new String[] {"format", MODEL, CLASSES, CHANNELS, QUANTIZED, QUANTIZATION, INPUT}) {
                extra.remove(k);
            }
            if (classes < 1 || channels < 1) {
                var zoo = Models.info(model);
                classes = classes < 1 ? zoo.defaultClasses() : classes;
                channels = channels < 1 ? (int) zoo.inputShape()[0] : channels;
            }
            InputSpec input = md.containsKey(INPUT) ? InputSpec.fromJson(md.get(INPUT)) : null;
            return new CheckpointInfo(model, classes, channels, spec, extra, input);
        } catch (RuntimeException e) {
            if (e instanceof io.quant4j.errors.Quant4jException q) {
                throw q;
            }
            throw new CheckpointFormatException("checkpoint metadata cannot be read: " + e.getMessage(), where,
                    "The file was not written by quant4j or was edited; re-create it.");
        }
    }

    /** Rebuilds the model (quantized when the checkpoint is) and loads its state strictly. */
    public static Module load(Path file) throws IOException {
        var contents = SafeTensors.read(file);
        CheckpointInfo info = info(contents.metadata(), file.toString());
        Module m = build(info);
        StateDict.load(m, file, true);
        return m;
    }

    /** The module tree a checkpoint describes, with freshly initialized weights. */
    public static Module build(CheckpointInfo info) {
        Module m = Models.get(info.model(), ModelOptions.defaults().withClasses(info.numClasses())
                .withInChannels(info.inChannels()));
        if (info.quantized()) {
            long[] sample = Models.info(info.model()).inputShape().clone();
            sample[0] = info.inChannels();
            long[] batch = new long[sample.length + 1];
            batch[0] = 1;
            System.arraycopy(sample, 0, batch, 1, sample.length);
            info.quantization().withParams(info.quantization().params().withVerbose(false)).toQuantizer(batch).quantize(m);
        }
        return m;
    }
}

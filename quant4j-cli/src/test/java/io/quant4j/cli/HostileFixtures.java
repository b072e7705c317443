package io.quant4j.cli;

import ai.djl.ndarray.types.DataType;
import io.quant4j.checkpoint.CheckpointInfo;
import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.data.npy.NpyWriter;
import io.quant4j.io.SafeTensors;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.testing.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files {@link HostileInputTest} feeds the CLI: healthy and broken weights, broken recipes,
 * run folders in odd states. Each is a real file of the kind a user could hold.
 */
final class HostileFixtures {
    final Path dir;

    HostileFixtures(Path dir) {
        this.dir = dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    void create() throws IOException {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights())) {
            StateDict.save(m, file("weights.safetensors"), Map.of());
            ModelCheckpoint.save(m, file("float.safetensors"), new CheckpointInfo("resnet_fmnist", 10, 1, null, Map.of()));
        }
        rewrite("weights.safetensors", "nan.safetensors", (k, t) -> k.equals("conv1.weight") ? t.mul(Float.NaN) : t);
        rewrite("weights.safetensors", "f16_inf.safetensors",
                (k, t) -> (k.equals("layer1.0.bn1.weight") ? t.mul(1e6f).mul(1e6f) : t).toType(DataType.FLOAT16));
        rewrite("weights.safetensors", "i32.safetensors", (k, t) -> k.equals("fc.weight") ? t.toType(DataType.INT32) : t);
        byte[] all = Files.readAllBytes(file("weights.safetensors"));
        Files.write(file("truncated.safetensors"), Arrays.copyOf(all, all.length / 2));
        Files.write(file("binary.yaml"), new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 0});
        Files.writeString(file("empty.yaml"), "# nothing here\n");
        Files.createDirectories(file("a_folder.yaml"));
        Files.createDirectories(file("emptydir"));
        Files.writeString(file("a_file"), "not a folder\n");
        Path recipes = Path.of("..", "recipes").toAbsolutePath().normalize();
        String qat = "defaults: [" + recipes.resolve("resnet_fmnist_qat.yaml") + "]\n";
        String fp32 = "defaults: [" + recipes.resolve("resnet_fmnist.yaml") + "]\n";
        recipe("nan_lr.yaml", fp32 + "training_hyperparams:\n  initial_lr: .nan\n");
        recipe("inf_lr.yaml", fp32 + "training_hyperparams:\n  initial_lr: .inf\n");
        recipe("huge_lr.yaml", qat + "training_hyperparams:\n  initial_lr: 1.0e+400\n");
        recipe("smoothing.yaml", qat + "training_hyperparams:\n  label_smoothing: 1.5\n");
        recipe("huge_batch.yaml", fp32 + "dataset_params:\n  train_dataloader_params: {batch_size: 3000000000}\n");
        recipe("bits33.yaml", qat + "quantization_params:\n  selective_quantizer_params:\n    weight_bits: 33\n");
        recipe("missing_include.yaml", "defaults: [no_such_recipe]\nexperiment_name: x\n");
        recipe("unknown_model.yaml", fp32 + "model:\n  name: resnet99\n");
        recipe("unknown_skip.yaml", qat + "quantization_params:\n  selective_quantizer_params:\n    skip_modules: [layer9.conv]\n");
        recipe("unknown_key.yaml", fp32 + "training_hyperparams:\n  max_epoch: 3\n");
        recipe("bad_target.yaml", qat + "quantization_params:\n  target: gpu\n");
        recipe("zero_epochs.yaml", fp32 + "training_hyperparams:\n  max_epochs: 0\n");
        recipe("negative_wd.yaml", qat + "training_hyperparams:\n  optimizer_params: {weight_decay: -1}\n");
        Path noState = Files.createDirectories(file("run_no_state"));
        Files.copy(file("weights.safetensors"), noState.resolve("ckpt_last.safetensors"));
        Files.writeString(noState.resolve("ckpt_last.json"), "{\"epochs_completed\": 2}\n");
        Files.createSymbolicLink(file("link_to_float.safetensors"), file("float.safetensors"));
        createData();
    }

    /** Image folders and arrays with one fault each (10 classes of 28x28 grey PNGs unless the fault is there). */
    private void createData() throws IOException {
        byte[] px = new byte[28 * 28];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 13);
        }
        for (int c = 0; c < 10; c++) {
            ImageFiles.grey(file("data_mixed/" + c + "/a.png"), 28, 28, px);
            ImageFiles.grey(file("data_corrupt/" + c + "/a.png"), 28, 28, px);
            if (c < 3) {
                ImageFiles.grey(file("data_3classes/" + c + "/a.png"), 28, 28, px);
            }
        }
        ImageFiles.grey(file("data_mixed/5/b.png"), 32, 32, new byte[32 * 32]);
        ImageFiles.notAnImage(file("data_corrupt/7/b.png"));
        ImageFiles.grey(file("data_empty_class/a/1.png"), 28, 28, px);
        Files.createDirectories(file("data_empty_class/b"));
        ImageFiles.grey(file("data_unlabelled/1.png"), 28, 28, px);
        Files.createDirectories(file("data_no_images/x"));
        Files.writeString(file("data_no_images/x/readme.txt"), "no images here\n");
        NpyWriter.writeFloat32(file("rgb32.npy"), new float[2 * 3 * 32 * 32], 2, 3, 32, 32);
        NpyWriter.writeFloat32(file("nolabels.npy"), new float[2 * 28 * 28], 2, 1, 28, 28);
    }

    private void recipe(String name, String text) throws IOException {
        Files.writeString(file(name), text, StandardCharsets.UTF_8);
    }

    private interface Edit {
        Tensor apply(String key, Tensor t);
    }

    private void rewrite(String from, String to, Edit edit) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file(from));
        try (Scope s = Scope.open()) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            c.tensors().forEach((k, e) -> out.put(k, edit.apply(k, e.toTensor())));
            SafeTensors.write(file(to), out, c.metadata());
        }
    }
}

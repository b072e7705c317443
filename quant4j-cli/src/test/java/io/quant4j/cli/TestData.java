package io.quant4j.cli;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether the Fashion-MNIST files are where the CLI looks (tests never download), and the float
 * weights the CLI tests quantize.
 */
final class TestData {
    private TestData() {}

    static boolean fashionMnistInstalled() {
        String env = System.getenv("QUANT4J_DATA");
        Path[] roots = {
            env == null ? null : Path.of(env),
            Path.of(System.getProperty("user.home"), ".quant4j", "datasets"),
            Path.of("/usr/share/datasets")
        };
        for (Path r : roots) {
            if (r != null && Files.isRegularFile(r.resolve("fashion-mnist").resolve("t10k-images-idx3-ubyte.gz"))
                    && Files.isRegularFile(r.resolve("fashion-mnist").resolve("train-images-idx3-ubyte.gz"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pretrained resnet_fmnist exported by the CLI to FP32 ONNX as {@code dir/fm.onnx}, as a user's own
     * ONNX file for {@code --onnx} and {@code model.onnx}.
     */
    static Path pretrainedFashionMnistOnnx(Path dir) {
        Path fp32 = dir.resolve("fm.onnx");
        CliRunner.Result f = CliRunner.run("export", "--model", "resnet_fmnist", "--pretrained", "--output", fp32.toString(),
                "--verify-batches", "1");
        if (f.exitCode() != 0) {
            throw new AssertionError("export of the FP32 file failed: " + f.err());
        }
        return fp32;
    }

    /** resnet_fmnist with random weights of {@code seed}, saved as {@code dir/float.safetensors} for {@code --weights}. */
    static Path randomResnetWeights(Path dir, long seed) throws IOException {
        Path weights = dir.resolve("float.safetensors");
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(seed))) {
            StateDict.save(m, weights, Map.of());
        }
        return weights;
    }
}

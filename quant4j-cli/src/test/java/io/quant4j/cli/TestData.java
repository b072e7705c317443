package io.quant4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the Fashion-MNIST files are where the CLI looks (tests never download). */
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
}
